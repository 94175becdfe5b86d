package dev.longhaul.worker;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The official Temporal CLI release for this OS and architecture, downloaded once into {@code
 * $LONGHAUL_HOME/bin} and checked against the release's {@code checksums.txt} (SHA-256), as
 * Temporal's SDK test frameworks fetch their dev server. The release's layout: {@code
 * <base>/v<version>/temporal_cli_<version>_<os>_<arch>.tar.gz}, holding the {@code temporal}
 * binary, and {@code <base>/v<version>/checksums.txt}, lines of {@code <sha256>  <file name>}.
 */
public final class TemporalCliRelease {
  /** The pinned version: the one Longhaul is tested with. */
  public static final String VERSION = "1.9.1";
  public static final URI DEFAULT_BASE = URI.create("https://github.com/temporalio/cli/releases/download");
  /** Overrides {@link #DEFAULT_BASE} (a mirror; a local server in tests). */
  public static final String BASE_VARIABLE = "LONGHAUL_TEMPORAL_DOWNLOAD_URL";

  private final URI base;
  private final String os;
  private final String arch;
  private final HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(10)).build();

  private TemporalCliRelease(URI base, String os, String arch) {
    this.base = base;
    this.os = os;
    this.arch = arch;
  }

  /** This machine's release, from the base the environment names; empty where there is none. */
  public static Optional<TemporalCliRelease> forThisMachine(Map<String, String> env) {
    String override = env.get(BASE_VARIABLE);
    URI base = override == null || override.isBlank() ? DEFAULT_BASE : URI.create(override.replaceAll("/+$", ""));
    return platform(System.getProperty("os.name"), System.getProperty("os.arch"))
        .map(p -> new TemporalCliRelease(base, p[0], p[1]));
  }

  /** {os, arch} as the release names them, for the platforms it ships a tar.gz for. */
  static Optional<String[]> platform(String osName, String osArch) {
    String name = osName.toLowerCase(Locale.ROOT);
    String os = name.startsWith("linux") ? "linux" : name.startsWith("mac") || name.startsWith("darwin") ? "darwin" : null;
    String arch = switch (osArch.toLowerCase(Locale.ROOT)) {
      case "amd64", "x86_64" -> "amd64";
      case "aarch64", "arm64" -> "arm64";
      default -> null;
    };
    return os == null || arch == null ? Optional.empty() : Optional.of(new String[] {os, arch});
  }

  String archiveName() {
    return "temporal_cli_" + VERSION + "_" + os + "_" + arch + ".tar.gz";
  }

  URI url(String file) {
    return URI.create(base + "/v" + VERSION + "/" + file);
  }

  /** What a note says is being downloaded. */
  public String describe() {
    return "the Temporal CLI " + VERSION + " for " + os + "/" + arch + " from " + url(archiveName());
  }

  /**
   * Downloads, verifies and installs the binary as {@code target}, replacing nothing until it is
   * verified; returns {@code target}.
   */
  public Path install(Path target, Consumer<String> notes) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    String expected = expectedChecksum(fetchText(url("checksums.txt")));
    Path archive = Files.createTempFile(dir, "temporal-download", ".tar.gz");
    Path binary = dir.resolve(target.getFileName() + ".part");
    try {
      notes.accept("longhaul: downloading " + describe() + " (once, into " + dir + ")");
      String actual = download(url(archiveName()), archive);
      if (!actual.equals(expected)) {
        throw new IOException("the download of " + archiveName() + " does not match checksums.txt (SHA-256 "
            + actual + ", expected " + expected + ")");
      }
      TarGz.extract(archive, "temporal", binary);
      Files.setPosixFilePermissions(binary, PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.move(binary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return target;
    } finally {
      Files.deleteIfExists(archive);
      Files.deleteIfExists(binary);
    }
  }

  /** The archive's SHA-256 from {@code checksums.txt}. */
  String expectedChecksum(String checksums) throws IOException {
    for (String line : checksums.lines().toList()) {
      String[] fields = line.strip().split("\\s+");
      if (fields.length == 2 && fields[1].replaceFirst("^\\*", "").equals(archiveName())) {
        return fields[0].toLowerCase(Locale.ROOT);
      }
    }
    throw new IOException("checksums.txt at " + url("checksums.txt") + " lists no " + archiveName());
  }

  private String fetchText(URI url) throws IOException {
    HttpResponse<String> response = send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
    return response.body();
  }

  /** Streams {@code url} into {@code file}; returns its SHA-256, in hex. */
  private String download(URI url, Path file) throws IOException {
    HttpResponse<InputStream> response = send(HttpRequest.newBuilder(url).timeout(Duration.ofMinutes(10)).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    try (InputStream in = new DigestInputStream(response.body(), sha256)) {
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
    }
    return HexFormat.of().formatHex(sha256.digest());
  }

  private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body) throws IOException {
    HttpResponse<T> response;
    try {
      response = http.send(request, body);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (IOException e) {
      throw new IOException(request.uri().getHost() + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
    }
    if (response.statusCode() != 200) {
      if (response.body() instanceof InputStream in) in.close();
      throw new IOException("HTTP " + response.statusCode() + " for " + request.uri());
    }
    return response;
  }
}
