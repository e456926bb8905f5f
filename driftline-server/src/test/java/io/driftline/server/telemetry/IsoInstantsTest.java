package io.driftline.server.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IsoInstantsTest {

  /** What the full parser makes of {@code text}, or null where it refuses it. */
  private static Instant slow(String text) {
    try {
      TemporalAccessor parsed =
          DateTimeFormatter.ISO_DATE_TIME.parseBest(
              text, OffsetDateTime::from, LocalDateTime::from);
      return parsed instanceof LocalDateTime local
          ? local.toInstant(ZoneOffset.UTC)
          : ((OffsetDateTime) parsed).toInstant();
    } catch (RuntimeException e) {
      return null;
    }
  }

  @Test
  void agreesWithTheFullParserOnRandomTimestampsInEveryFastShape() {
    SplittableRandom random = new SplittableRandom(11);
    String[] fractions = {"", ".1", ".12", ".123", ".123456", ".123456789"};
    String[] zones = {"", "Z", "+00:00", "+05:30", "-08:00", "+14:00", "-12:45"};
    for (int i = 0; i < 20_000; i++) {
      long seconds = random.nextLong(-2_000_000_000L, 5_000_000_000L);
      LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
      String text =
          String.format(
                  "%04d-%02d-%02dT%02d:%02d:%02d",
                  t.getYear(),
                  t.getMonthValue(),
                  t.getDayOfMonth(),
                  t.getHour(),
                  t.getMinute(),
                  t.getSecond())
              + fractions[random.nextInt(fractions.length)]
              + zones[random.nextInt(zones.length)];

      assertThat(IsoInstants.parse(text)).as(text).isNotNull().isEqualTo(slow(text));
    }
  }

  @Test
  void leavesEverythingElseToTheFullParser() {
    List<String> others =
        List.of(
            "2026-02-30T10:00:00Z", // no such day
            "2026-13-01T10:00:00Z",
            "2026-01-12T24:00:00Z",
            "2026-01-12T10:60:00Z",
            "2026-01-12T10:00:60Z",
            "2026-01-12 10:00:00Z",
            "2026-01-12t10:00:00Z",
            "2026-01-12T10:00:00.Z",
            "2026-01-12T10:00:00.1234567890Z",
            "2026-01-12T10:00:00+19:00",
            "2026-01-12T10:00:00+05:30:15",
            "2026-01-12T10:00:00+0530",
            "2026-01-12T10:00:00Z[Europe/Paris]",
            "2026-01-12T10:00",
            "+12026-01-12T10:00:00Z",
            "2026-1-12T10:00:00Z",
            "２０２６-01-12T10:00:00Z",
            "");
    for (String text : others) {
      assertThat(IsoInstants.parse(text)).as(text).isNull();
    }
  }

  @Test
  void theDecoderStillParsesWhatOnlyTheFullParserKnows() {
    assertThat(TelemetryDecoder.parseInstant("2026-01-12T10:30Z"))
        .isEqualTo(Instant.parse("2026-01-12T10:30:00Z"));
    assertThat(TelemetryDecoder.parseInstant("2026-01-12t10:30:00z"))
        .isEqualTo(Instant.parse("2026-01-12T10:30:00Z"));
  }
}
