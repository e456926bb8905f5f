package io.driftline.server.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import io.driftline.server.config.DriftlineConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Switches logging between human-readable lines and JSON (one object per line) at start-up. */
public final class Logging {
  private Logging() {}

  public static void configure(DriftlineConfig.Logging logging) {
    var context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    Encoder<ILoggingEvent> encoder;
    if (logging.format() == DriftlineConfig.LogFormat.JSON) {
      var json = new JsonEncoder();
      json.setWithFormattedMessage(true);
      json.setWithMessage(false);
      json.setWithArguments(false);
      json.setWithSequenceNumber(false);
      json.setWithNanoseconds(false);
      json.setWithContext(false);
      encoder = json;
    } else {
      var pattern = new PatternLayoutEncoder();
      pattern.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSX,UTC} %-5level %logger{0} - %msg%n");
      encoder = pattern;
    }
    encoder.setContext(context);
    encoder.start();
    var console = new ConsoleAppender<ILoggingEvent>();
    console.setContext(context);
    console.setName("console");
    console.setTarget("System.err");
    console.setEncoder(encoder);
    console.start();
    var root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.toLevel(logging.level()));
    root.addAppender(console);
    context.getLogger("org.eclipse.jetty").setLevel(Level.WARN);
    context.getLogger("io.javalin").setLevel(Level.WARN);
  }
}
