package dev.longhaul.cli;

import io.temporal.envconfig.ClientConfigProfile;
import io.temporal.envconfig.LoadClientConfigProfileOptions;
import java.io.IOException;
import java.util.Optional;

/**
 * Where Temporal and the store are. Temporal: Temporal's standard client configuration
 * ({@code TEMPORAL_ADDRESS}, {@code TEMPORAL_NAMESPACE}, a config-file profile) when it names an
 * address; otherwise a running {@code longhaul dev}; otherwise {@code localhost:7233}. The store:
 * {@code LONGHAUL_DATABASE_URL}, otherwise the dev stack's.
 *
 * @param databaseUrl null when neither is known
 */
public record Endpoints(
    ClientConfigProfile profile, String address, String namespace, String databaseUrl, boolean fromDevStack) {

  public static final String DEFAULT_ADDRESS = "localhost:7233";

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
      address = dev.map(DevRecord::temporalAddress).orElse(DEFAULT_ADDRESS);
      fromDev = dev.isPresent();
    }
    String namespace = profile.getNamespace();
    if (namespace == null || namespace.isBlank()) {
      namespace = dev.map(DevRecord::namespace).orElse("default");
    }
    String databaseUrl = cli.env().get("LONGHAUL_DATABASE_URL");
    if (databaseUrl == null) databaseUrl = dev.map(DevRecord::databaseUrl).orElse(null);
    return new Endpoints(profile, address, namespace, databaseUrl, fromDev);
  }
}
