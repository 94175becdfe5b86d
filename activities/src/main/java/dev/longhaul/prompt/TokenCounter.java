package dev.longhaul.prompt;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import com.knuddels.jtokkit.api.IntArrayList;

/** Counts tokens with {@code o200k_base}, the encoding of OpenAI's current models. Thread-safe. */
public final class TokenCounter {
  private static final Encoding ENCODING =
      Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);

  public int count(String text) {
    return text.isEmpty() ? 0 : ENCODING.countTokensOrdinary(text);
  }

  IntArrayList encode(String text) {
    return ENCODING.encodeOrdinary(text);
  }

  String decode(IntArrayList tokens) {
    return ENCODING.decode(tokens);
  }
}
