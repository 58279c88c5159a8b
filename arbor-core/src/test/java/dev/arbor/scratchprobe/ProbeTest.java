package dev.arbor.scratchprobe;
import dev.arbor.*;
import java.net.*;
import java.io.*;
import org.junit.jupiter.api.Test;
class ProbeTest {
  @Test void probe() throws Exception {
    try (Arbor server = Arbor.builder().routes(URoute_.ROUTE).port(0).host("127.0.0.1").printTo(null).build().start()) {
      for (String p : new String[] {"/u/ok", "/u/%zz", "/u/%C3%28", "/u/a%2Fb", "/u/%4"}) {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
          s.getOutputStream().write(("GET " + p + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").getBytes());
          String all = new String(s.getInputStream().readAllBytes());
          System.out.println(p + " -> " + all.lines().findFirst().orElse("") + " body: " + all.substring(all.indexOf("\r\n\r\n") + 4).replace("\n", " "));
        }
      }
    }
  }
}
