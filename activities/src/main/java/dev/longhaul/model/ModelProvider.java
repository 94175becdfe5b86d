package dev.longhaul.model;

/**
 * A model API: how its items look and how a request reaches it. One instance per worker and
 * provider; it holds the connection pool.
 *
 * <p>Failures are {@link ModelException}s classified the same way for every provider (transient,
 * rejected, malformed, context window exceeded, unsupported), with the provider's own message.
 */
public interface ModelProvider {
  ProviderId id();

  ModelConfig config();

  ItemFormat items();

  /** Sends {@code request}, streamed, and reads the response to its end. */
  ModelResponse create(ModelRequest request, CallHooks hooks) throws ModelException;

  /**
   * The provider's own compaction of the request's context: the new context's items, kept as
   * received.
   *
   * @throws ModelException of kind {@link ModelException.Kind#UNSUPPORTED} when the provider (or
   *     this model) has none, so the caller compacts locally with a handoff summary
   */
  ModelResponse compact(ModelRequest request, CallHooks hooks) throws ModelException;
}
