package dev.longhaul.workflow;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The task's dealings with the person who approves: what waits, the answers not yet acted on,
 * the calls already answered, and the commands approved for the rest of the task. Plain state,
 * carried across continue-as-new as {@link Carried}.
 */
final class Approvals {
  /** Enough to tell "already answered" from "unknown" for recent calls. */
  static final int REMEMBERED_ANSWERS = 100;

  private final List<PendingApproval> pending = new ArrayList<>();
  private final Map<String, ApprovalAnswer> answers = new LinkedHashMap<>();
  private final List<String> answered = new ArrayList<>();
  private final Set<String> approvedForTask = new LinkedHashSet<>();

  /**
   * @param pending calls waiting for an answer, oldest first
   * @param answers answers received and not yet acted on, by call id
   * @param answered ids of the calls answered lately, oldest first
   * @param approvedForTask commands approved for the rest of the task ({@link ApprovalRules#key})
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Carried(
      List<PendingApproval> pending, Map<String, ApprovalAnswer> answers, List<String> answered,
      List<String> approvedForTask) {}

  Carried carried() {
    return new Carried(List.copyOf(pending), new LinkedHashMap<>(answers), List.copyOf(answered),
        List.copyOf(approvedForTask));
  }

  void resume(Carried carried) {
    if (carried == null) return;
    if (carried.pending() != null) pending.addAll(carried.pending());
    if (carried.answers() != null) answers.putAll(carried.answers());
    if (carried.answered() != null) answered.addAll(carried.answered());
    if (carried.approvedForTask() != null) approvedForTask.addAll(carried.approvedForTask());
  }

  /** Starts waiting for {@code request}, unless it already waits (a run that resumed mid-wait). */
  PendingApproval ask(PendingApproval request) {
    for (PendingApproval waiting : pending) {
      if (waiting.callId().equals(request.callId())) return waiting;
    }
    pending.add(request);
    return request;
  }

  /** Whether an answer to {@code callId} waits to be acted on. */
  boolean hasAnswer(String callId) {
    return answers.containsKey(callId);
  }

  List<PendingApproval> pending() {
    return List.copyOf(pending);
  }

  Set<String> approvedForTask() {
    return Set.copyOf(approvedForTask);
  }

  /**
   * Why {@code answer} cannot apply, or empty when it can. The one-line messages are what the
   * person sees.
   */
  Optional<String> refusal(ApprovalAnswer answer) {
    if (answer == null) return Optional.of("no answer given");
    String callId = answer.callId();
    if (callId == null || callId.isBlank()) {
      List<PendingApproval> open = unanswered();
      if (open.isEmpty()) return Optional.of("nothing is waiting for approval");
      if (open.size() > 1) {
        return Optional.of(open.size() + " approvals are pending (calls " + ids(open) + "): name one");
      }
      return Optional.empty();
    }
    if (answers.containsKey(callId) || answered.contains(callId)) {
      return Optional.of("call " + callId + " was already answered");
    }
    if (find(callId).isPresent()) return Optional.empty();
    List<PendingApproval> open = unanswered();
    return Optional.of(open.isEmpty()
        ? "nothing is waiting for approval (no call " + callId + ")"
        : "no pending approval for call " + callId + "; pending: " + ids(open));
  }

  /** Records an answer that {@link #refusal} accepted; the waiting call acts on it. */
  ApprovalAnswered answer(ApprovalAnswer answer) {
    PendingApproval call = answer.callId() == null || answer.callId().isBlank()
        ? unanswered().get(0)
        : find(answer.callId()).orElseThrow();
    answers.put(call.callId(), answer);
    return new ApprovalAnswered(call.callId(), call.command(), answer.approved(), answer.forTask());
  }

  /** The answer to {@code callId}, once there is one; it then no longer waits. */
  Optional<ApprovalAnswer> takeAnswer(String callId, String forTaskKey) {
    ApprovalAnswer answer = answers.remove(callId);
    if (answer == null) return Optional.empty();
    pending.removeIf(p -> p.callId().equals(callId));
    remember(callId);
    if (answer.approved() && answer.forTask()) approvedForTask.add(forTaskKey);
    return Optional.of(answer);
  }

  /** The turn ended (an interrupt): nothing waits any more, and late answers are refused. */
  void cancelPending() {
    for (PendingApproval waiting : pending) remember(waiting.callId());
    pending.clear();
    answers.clear();
  }

  private void remember(String callId) {
    answered.add(callId);
    while (answered.size() > REMEMBERED_ANSWERS) answered.remove(0);
  }

  private Optional<PendingApproval> find(String callId) {
    return pending.stream().filter(p -> p.callId().equals(callId)).findFirst();
  }

  private List<PendingApproval> unanswered() {
    return pending.stream().filter(p -> !answers.containsKey(p.callId())).toList();
  }

  private static String ids(List<PendingApproval> approvals) {
    return String.join(", ", approvals.stream().map(PendingApproval::callId).toList());
  }
}
