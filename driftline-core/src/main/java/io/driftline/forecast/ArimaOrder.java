package io.driftline.forecast;

/**
 * A seasonal ARIMA order (p,d,q)(P,D,Q)[m] and whether the model has a constant (the mean of the
 * differenced series: a mean when d + D = 0, a drift when d + D = 1).
 */
record ArimaOrder(int p, int d, int q, int sp, int sd, int sq, int m, boolean constant) {
  ArimaOrder {
    if (p < 0 || d < 0 || q < 0 || sp < 0 || sd < 0 || sq < 0 || m < 1)
      throw new IllegalArgumentException("orders must be >= 0 and m >= 1");
  }

  /** Estimated coefficients, without sigma. */
  int coefficients() {
    return p + q + sp + sq + (constant ? 1 : 0);
  }

  ArimaOrder with(int p, int q, int sp, int sq, boolean constant) {
    return new ArimaOrder(p, d, q, sp, sd, sq, m, constant);
  }

  @Override
  public String toString() {
    String s = "ARIMA(" + p + "," + d + "," + q + ")";
    if (sp + sd + sq > 0) s += "(" + sp + "," + sd + "," + sq + ")[" + m + "]";
    if (constant) s += d + sd == 0 ? " with mean" : " with drift";
    return s;
  }
}
