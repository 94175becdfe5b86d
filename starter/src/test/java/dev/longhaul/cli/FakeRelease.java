package dev.longhaul.cli;

import com.sun.net.httpserver.HttpServer;
import dev.longhaul.worker.TemporalCliRelease;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Temporal CLI release served from localhost in the official layout: {@code
 * /v<version>/temporal_cli_<version>_<os>_<arch>.tar.gz} (a {@code temporal} binary, here a
 * script, and a LICENSE) and {@code /v<version>/checksums.txt} ({@code <sha256>  <file>} lines).
 */
final class FakeRelease implements AutoCloseable {
  private final HttpServer server;
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();

  /**
   * @param script the {@code temporal} binary's content, for every platform
   * @param tamper whether checksums.txt lists other bytes than those served for this machine
   */
  FakeRelease(Path workDir, String script, boolean tamper) throws Exception {
    String version = TemporalCliRelease.VERSION;
    StringBuilder checksums = new StringBuilder();
    for (String platform : List.of("darwin_amd64", "darwin_arm64", "linux_amd64", "linux_arm64")) {
      String name = "temporal_cli_" + version + "_" + platform + ".tar.gz";
      byte[] archive = archive(workDir.resolve(platform), script + "# " + platform + "\n");
      files.put("/v" + version + "/" + name, archive);
      byte[] listed = tamper ? archive(workDir.resolve(platform + "-other"), script + "# other\n") : archive;
      checksums.append(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(listed)))
          .append("  ").append(name).append('\n');
    }
    files.put("/v" + version + "/checksums.txt", checksums.toString().getBytes(StandardCharsets.UTF_8));
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      requests.add(exchange.getRequestURI().getPath());
      byte[] body = files.get(exchange.getRequestURI().getPath());
      if (body == null) {
        exchange.sendResponseHeaders(404, -1);
      } else {
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
      }
      exchange.close();
    });
    server.start();
  }

  /** What LONGHAUL_TEMPORAL_DOWNLOAD_URL is set to. */
  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  List<String> requests() {
    return requests;
  }

  /** A tar.gz made by the system's tar, as a release's is made by a real one. */
  private static byte[] archive(Path dir, String script) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Path binary = Files.writeString(dir.resolve("temporal"), script);
    Files.setPosixFilePermissions(binary, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(dir.resolve("LICENSE"), "MIT\n");
    Path archive = dir.resolveSibling(dir.getFileName() + ".tar.gz");
    Process tar = new ProcessBuilder("tar", "-czf", archive.toString(), "-C", dir.toString(), "LICENSE", "temporal")
        .redirectErrorStream(true).start();
    if (tar.waitFor() != 0) throw new IOException("tar failed: " + new String(tar.getInputStream().readAllBytes()));
    return Files.readAllBytes(archive);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
