package dev.longhaul.worker;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Local TCP ports: a free one, whether one is free, and what to say when one of the dev stack's is not. */
public final class Ports {
  private Ports() {}

  public static int free() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free port", e);
    }
  }

  /**
   * Whether a server could listen on {@code port} of the loopback interface now. A listener on
   * any address (0.0.0.0) counts as taking it too: Linux refuses the narrower bind as well. With
   * SO_REUSEADDR, as the Temporal server binds, so that the connections a killed server left in
   * TIME_WAIT do not count.
   */
  public static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException taken) {
      return false;
    }
  }

  public static String frontendTaken(int port) {
    return "the Temporal frontend port " + port + " is taken by another process: choose another with"
        + " `longhaul dev --port P` (or LONGHAUL_DEV_PORT)";
  }

  public static String uiTaken(int port) {
    return "the Temporal UI port " + port + " is taken by another process: choose another with"
        + " `longhaul dev --ui-port P`";
  }
}
