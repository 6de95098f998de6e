package io.kkbridge.testsupport;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.util.Collections;
import java.util.Optional;

/** Checks that a port listens on loopback only. */
public final class Loopback {

    private Loopback() {
    }

    /**
     * Asserts that {@code port} refuses connections on this machine's first non-loopback IPv4 address; a machine
     * without one has nothing to check.
     */
    public static void assertNotReachableFromOtherInterfaces(int port) throws IOException {
        Optional<InetAddress> external = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .filter(nic -> !isLoopback(nic))
                .flatMap(nic -> Collections.list(nic.getInetAddresses()).stream())
                .filter(a -> a instanceof Inet4Address)
                .findFirst();
        if (external.isEmpty()) {
            return;
        }
        try (Socket socket = new Socket()) {
            assertThatThrownBy(() -> socket.connect(new InetSocketAddress(external.get(), port), 1000))
                    .as("port %d on %s", port, external.get())
                    .isInstanceOf(IOException.class);
        }
    }

    private static boolean isLoopback(NetworkInterface nic) {
        try {
            return nic.isLoopback();
        } catch (IOException e) {
            return true;
        }
    }
}
