package dev.longhaul.worker;

import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.util.HashMap;
import java.util.Map;

/** Longhaul's custom search attributes, shown as columns and filters in the Temporal UI. */
public final class SearchAttributes {
  public static final Map<String, IndexedValueType> ALL =
      Map.of(
          "LonghaulStatus", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
          "LonghaulTurn", IndexedValueType.INDEXED_VALUE_TYPE_INT,
          "LonghaulTokens", IndexedValueType.INDEXED_VALUE_TYPE_INT,
          "LonghaulModel", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
          "LonghaulWorkspace", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);

  private SearchAttributes() {}

  /**
   * Whether the namespace has all of them. A server that cannot say (an old server, missing
   * permissions) counts as not having them: the task then runs without them rather than failing.
   */
  public static boolean registered(WorkflowServiceStubs service, String namespace) {
    try {
      OperatorServiceStubs operator = operator(service);
      var response =
          operator.blockingStub().listSearchAttributes(
              ListSearchAttributesRequest.newBuilder().setNamespace(namespace).build());
      return response.getCustomAttributesMap().keySet().containsAll(ALL.keySet());
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Registers them; used by the development stack, whose server starts empty. */
  public static void register(WorkflowServiceStubs service, String namespace) {
    operator(service)
        .blockingStub()
        .addSearchAttributes(
            AddSearchAttributesRequest.newBuilder()
                .setNamespace(namespace)
                .putAllSearchAttributes(ALL)
                .build());
  }

  /**
   * Them as {@code temporal server start-dev --search-attribute NAME=TYPE} takes them, so that the
   * CLI's dev server registers them at start.
   */
  public static Map<String, String> cliTypes() {
    Map<String, String> types = new HashMap<>();
    ALL.forEach((name, type) -> types.put(name, cliType(type)));
    return types;
  }

  /** The name the Temporal CLI (and its dev server's flags) gives a search attribute type. */
  public static String cliType(IndexedValueType type) {
    return switch (type) {
      case INDEXED_VALUE_TYPE_KEYWORD -> "Keyword";
      case INDEXED_VALUE_TYPE_INT -> "Int";
      case INDEXED_VALUE_TYPE_TEXT -> "Text";
      case INDEXED_VALUE_TYPE_DOUBLE -> "Double";
      case INDEXED_VALUE_TYPE_BOOL -> "Bool";
      case INDEXED_VALUE_TYPE_DATETIME -> "Datetime";
      case INDEXED_VALUE_TYPE_KEYWORD_LIST -> "KeywordList";
      default -> throw new IllegalArgumentException("no CLI name for " + type);
    };
  }

  private static OperatorServiceStubs operator(WorkflowServiceStubs service) {
    return OperatorServiceStubs.newServiceStubs(
        OperatorServiceStubsOptions.newBuilder().setChannel(service.getRawChannel()).validateAndBuildWithDefaults());
  }
}
