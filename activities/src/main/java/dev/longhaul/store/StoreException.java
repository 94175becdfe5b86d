package dev.longhaul.store;

/** The item store could not be read or written; the calling activity fails and is retried. */
public class StoreException extends RuntimeException {
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
