import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/**
 * The `secrets` job of docker-compose.yml: makes every credential of the set-up once, before anything that uses one
 * starts (Axon Server's tokens, PostgreSQL's password, MinIO's keys), each a file on a volume. Run with the JDK's
 * source launcher: {@code java GenerateSecrets.java <file>[:<length>] ...}. Keeps a file that is already there, so a
 * restart never changes a credential that a database was initialised with.
 *
 * <p>A file holds the value alone (letters and digits, no newline) and is named after the setting it feeds, so that a
 * Spring Boot service reads a directory of them as a config tree. Files are readable by every user of the containers
 * the volume is mounted into (the images run as different users); only the containers that need a secret mount it.
 */
public class GenerateSecrets {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final int DEFAULT_LENGTH = 40;
    private static final SecureRandom RANDOM = new SecureRandom();

    public static void main(String[] args) throws Exception {
        for (String arg : args) {
            int colon = arg.lastIndexOf(':');
            Path file = Path.of(colon < 0 ? arg : arg.substring(0, colon));
            int length = colon < 0 ? DEFAULT_LENGTH : Integer.parseInt(arg.substring(colon + 1));
            if (Files.exists(file)) {
                System.out.println("Secret already there: " + file);
            } else {
                write(file, random(length));
                System.out.println("Secret made: " + file);
            }
        }
    }

    private static String random(int length) {
        StringBuilder value = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            value.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return value.toString();
    }

    private static void write(Path file, String value) throws Exception {
        Path directory = file.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path temp = Files.createTempFile(directory, ".secret", ".tmp");
        Files.writeString(temp, value, StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("r--r--r--"));
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
    }
}
