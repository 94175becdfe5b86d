package dev.longhaul.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ModelHttpTest {
  private static final ModelConfig CONFIG =
      new ModelConfig("http://127.0.0.1:1/v1", null, "test-model", Duration.ofSeconds(1));

  @Test
  void theModelClientsSockets_sendEachWriteAtOnce_withoutWaitingForTheServersAcknowledgement() throws Exception {
    // OkHttp connects an unconnected socket from its factory, and wraps it for TLS.
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Socket unconnected = ModelHttp.client(CONFIG).socketFactory().createSocket()) {
      assertTrue(unconnected.getTcpNoDelay(), "a new socket has Nagle's algorithm off");
      unconnected.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()));
      assertTrue(unconnected.getTcpNoDelay(), "and keeps it off once connected");
      try (Socket connected = ModelHttp.client(CONFIG).socketFactory()
          .createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
        assertTrue(connected.getTcpNoDelay(), "a socket connected by the factory has it off too");
      }
    }
  }
}
