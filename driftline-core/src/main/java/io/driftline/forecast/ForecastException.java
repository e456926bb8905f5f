package io.driftline.forecast;

/** A model cannot fit a history; the message says why (it becomes the fallback reason). */
public final class ForecastException extends RuntimeException {
  public ForecastException(String message) {
    super(message);
  }
}
