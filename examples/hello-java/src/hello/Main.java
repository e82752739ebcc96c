// A tiny Java program; distill build makes a jar with javac + jar and a minimal JRE with jdeps + jlink.
package hello;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.Instant;

public class Main {
    public static void main(String[] args) {
        System.out.println("Hello from Distill (Java)!");
        if (args.length > 0 && args[0].equals("features")) {
            var paris = ZonedDateTime.ofInstant(Instant.EPOCH, ZoneId.of("Europe/Paris"));
            System.out.println("time zone Europe/Paris: " + (paris.getHour() == 1 ? "ok" : "FAILED"));
        }
    }
}
