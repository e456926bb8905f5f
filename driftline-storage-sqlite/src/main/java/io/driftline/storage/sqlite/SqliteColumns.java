package io.driftline.storage.sqlite;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.TreeMap;

/** Binding and reading the optional columns and partition keys of the fleet tables. */
final class SqliteColumns {
  private SqliteColumns() {}

  /** The UTC day of a time, the partition key of every time-series table. */
  static String day(long epochMillis) {
    return LocalDate.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC).toString();
  }

  static int hour(long epochMillis) {
    return (int) Math.floorMod(Math.floorDiv(epochMillis, 3_600_000L), 24L);
  }

  static void set(PreparedStatement s, int i, Optional<String> value) throws SQLException {
    if (value.isPresent()) s.setString(i, value.get());
    else s.setNull(i, Types.VARCHAR);
  }

  static void set(PreparedStatement s, int i, OptionalLong value) throws SQLException {
    if (value.isPresent()) s.setLong(i, value.getAsLong());
    else s.setNull(i, Types.INTEGER);
  }

  static void set(PreparedStatement s, int i, OptionalDouble value) throws SQLException {
    if (value.isPresent()) s.setDouble(i, value.getAsDouble());
    else s.setNull(i, Types.REAL);
  }

  static Optional<String> string(ResultSet row, String column) throws SQLException {
    return Optional.ofNullable(row.getString(column));
  }

  static OptionalLong optionalLong(ResultSet row, String column) throws SQLException {
    long value = row.getLong(column);
    return row.wasNull() ? OptionalLong.empty() : OptionalLong.of(value);
  }

  static OptionalDouble optionalDouble(ResultSet row, String column) throws SQLException {
    double value = row.getDouble(column);
    return row.wasNull() ? OptionalDouble.empty() : OptionalDouble.of(value);
  }

  /** Labels as {@code k=v} lines, the same text form series labels use. */
  static String labelsText(Map<String, String> labels) {
    StringBuilder text = new StringBuilder();
    new TreeMap<>(labels)
        .forEach((k, v) -> text.append(text.isEmpty() ? "" : "\n").append(k).append('=').append(v));
    return text.toString();
  }
}
