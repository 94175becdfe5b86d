package dev.longhaul.cli;

import io.temporal.envconfig.ClientConfigProfile;
import io.temporal.envconfig.LoadClientConfigProfileOptions;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * Where Temporal and the store are. Temporal: Temporal's standard client configuration
 * ({@code TEMPORAL_ADDRESS}, {@code TEMPORAL_NAMESPACE}, a config-file profile) when it names an
 * address; otherwise a running {@code longhaul dev}; otherwise where {@code longhaul dev} would run
 * ({@link #defaultAddress}). The store:
 * {@code LONGHAUL_DATABASE_URL}, otherwise the dev stack's; reads that may lag (a read replica):
 * {@code LONGHAUL_DATABASE_READ_URL} when set, otherwise the store.
 *
 * @param databaseUrl null when neither is known
 * @param readUrl null when no replica is configured: everything reads the store itself
 */
public record Endpoints(
    ClientConfigProfile profile, String address, String namespace, String databaseUrl, String readUrl,
    boolean fromDevStack) {

  /** Where a command reads what may be a moment behind. */
  public static final String READ_URL_VARIABLE = "LONGHAUL_DATABASE_READ_URL";

  /** With no read replica. */
  public Endpoints(
      ClientConfigProfile profile, String address, String namespace, String databaseUrl, boolean fromDevStack) {
    this(profile, address, namespace, databaseUrl, null, fromDevStack);
  }

  /** The frontend port of a dev stack when {@code LONGHAUL_DEV_PORT} names none. */
  public static final int DEFAULT_DEV_PORT = 7233;

  /** Where {@code longhaul dev} runs Temporal by default: {@code localhost:$LONGHAUL_DEV_PORT}, else 7233. */
  static String defaultAddress(Map<String, String> env) {
    return "localhost:" + devPort(env);
  }

  static int devPort(Map<String, String> env) {
    String port = env.get("LONGHAUL_DEV_PORT");
    if (port == null || port.isBlank()) return DEFAULT_DEV_PORT;
    try {
      int n = Integer.parseInt(port.strip());
      if (n > 0 && n < 65536) return n;
    } catch (NumberFormatException notANumber) {
      // reported below
    }
    throw new CliException("invalid configuration: LONGHAUL_DEV_PORT must be a port number, not \"" + port + "\"");
  }

  static Endpoints resolve(Cli cli) {
    ClientConfigProfile profile;
    try {
      profile =
          ClientConfigProfile.load(
              LoadClientConfigProfileOptions.newBuilder().setEnvOverrides(cli.env()).build());
    } catch (IOException | RuntimeException e) {
      throw new CliException("cannot read the Temporal client configuration: " + e.getMessage());
    }
    Optional<DevRecord> dev = DevRecord.read(cli.home());
    String address = profile.getAddress();
    boolean fromDev = false;
    if (address == null || address.isBlank()) {
      address = dev.map(DevRecord::temporalAddress).orElse(defaultAddress(cli.env()));
      fromDev = dev.isPresent();
    }
    String namespace = profile.getNamespace();
    if (namespace == null || namespace.isBlank()) {
      namespace = dev.map(DevRecord::namespace).orElse("default");
    }
    String databaseUrl = cli.env().get("LONGHAUL_DATABASE_URL");
    if (databaseUrl == null) databaseUrl = dev.map(DevRecord::databaseUrl).orElse(null);
    String readUrl = cli.env().get(READ_URL_VARIABLE);
    if (readUrl != null && readUrl.isBlank()) readUrl = null;
    return new Endpoints(profile, address, namespace, databaseUrl, readUrl, fromDev);
  }
}
