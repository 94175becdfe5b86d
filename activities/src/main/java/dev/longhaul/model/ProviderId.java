package dev.longhaul.model;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The model APIs Longhaul speaks, by the names users write in LONGHAUL_PROVIDER and --provider. */
public enum ProviderId {
  OPENAI_RESPONSES("openai-responses"),
  OPENAI_CHAT("openai-chat"),
  ANTHROPIC("anthropic");

  private final String label;

  ProviderId(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /** The provider a user named; the error lists the valid names. */
  public static ProviderId parse(String name) {
    for (ProviderId id : values()) {
      if (id.label.equals(name.strip())) return id;
    }
    throw new IllegalArgumentException("unknown provider \"" + name + "\"; valid providers: "
        + Arrays.stream(values()).map(ProviderId::label).collect(Collectors.joining(", ")));
  }

  @Override
  public String toString() {
    return label;
  }
}
