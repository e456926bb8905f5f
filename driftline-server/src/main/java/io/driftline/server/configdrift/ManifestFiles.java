package io.driftline.server.configdrift;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads Kubernetes manifests into plain trees: a YAML file (one or many {@code ---} documents), a
 * JSON file, or a directory of {@code .yaml}, {@code .yml} and {@code .json} files (recursively, in
 * name order). A {@code kind: List} document contributes its {@code items}. An empty file holds no
 * object: the object is absent on that side.
 */
public final class ManifestFiles {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final TypeReference<Map<String, Object>> TREE = new TypeReference<>() {};

  private ManifestFiles() {}

  public static List<Map<String, Object>> read(Path path) throws IOException {
    if (!Files.exists(path)) throw new IOException("no such file or directory: " + path);
    if (!Files.isDirectory(path)) return readFile(path);
    List<Map<String, Object>> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(path)) {
      for (Path f : files.filter(ManifestFiles::isManifest).sorted().toList())
        out.addAll(readFile(f));
    }
    return out;
  }

  private static boolean isManifest(Path p) {
    String n = p.getFileName().toString();
    return Files.isRegularFile(p)
        && (n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json"));
  }

  private static List<Map<String, Object>> readFile(Path file) throws IOException {
    return parse(Files.readString(file), file.toString());
  }

  /**
   * Manifests in {@code text}: JSON (an object or an array) or YAML (one or many documents); {@code
   * source} names it in errors.
   */
  public static List<Map<String, Object>> parse(String text, String source) throws IOException {
    List<Map<String, Object>> out = new ArrayList<>();
    if (text.isBlank()) return out;
    String head = text.stripLeading();
    ObjectMapper mapper = head.startsWith("{") || head.startsWith("[") ? JSON : YAML;
    try (MappingIterator<Object> docs = mapper.readerFor(Object.class).readValues(text)) {
      while (docs.hasNextValue()) addDocument(docs.nextValue(), source, out);
    } catch (IOException e) {
      throw new IOException("cannot parse " + source + ": " + e.getMessage(), e);
    }
    return out;
  }

  private static void addDocument(Object doc, String file, List<Map<String, Object>> out)
      throws IOException {
    if (doc == null) return;
    if (doc instanceof List<?> list) {
      for (Object o : list) addDocument(o, file, out);
      return;
    }
    if (!(doc instanceof Map<?, ?>))
      throw new IOException(file + ": a manifest must be an object but was " + doc);
    Map<String, Object> m = YAML.convertValue(doc, TREE);
    if (m.isEmpty()) return;
    if ("List".equals(m.get("kind")) && m.get("items") instanceof List<?> items) {
      for (Object o : items) addDocument(o, file, out);
      return;
    }
    if (!m.containsKey("kind")) throw new IOException(file + ": a manifest needs a kind");
    out.add(m);
  }
}
