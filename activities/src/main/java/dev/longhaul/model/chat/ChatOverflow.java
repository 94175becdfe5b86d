package dev.longhaul.model.chat;

import java.util.List;
import java.util.Locale;

/**
 * Whether an error from a Chat Completions server says the request does not fit the model's
 * context window. Each server says it in its own words; these are the ones they use:
 *
 * <ul>
 *   <li>OpenAI (and OpenRouter passing it on): code {@code context_length_exceeded}, "This model's
 *       maximum context length is … tokens";
 *   <li>vLLM: "This model's maximum context length is … tokens. However, you requested …", or in
 *       newer versions "The prompt (total length …) is too long to fit into the model (context
 *       length …)" and "… is longer than the maximum model length of …";
 *   <li>llama.cpp's server: type {@code exceed_context_size_error}, "request (… tokens) exceeds
 *       the available context size (… tokens)", with {@code n_ctx};
 *   <li>Ollama: "the input length exceeds the context length" (it truncates silently unless told
 *       not to, so this is rarer).
 * </ul>
 */
final class ChatOverflow {
  private static final List<String> SIGNS = List.of(
      "context_length_exceeded",
      "maximum context length",
      "exceed_context_size_error",
      "exceeds the available context size",
      "too long to fit into the model",
      "longer than the maximum model length",
      "input length exceeds the context length",
      "exceeds the context length");

  private ChatOverflow() {}

  static boolean matches(String errorText) {
    String text = errorText.toLowerCase(Locale.ROOT);
    for (String sign : SIGNS) {
      if (text.contains(sign)) return true;
    }
    return false;
  }
}
