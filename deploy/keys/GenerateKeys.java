import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/**
 * The `keys` job of docker-compose.yml: makes the access-token key pair once, before any service starts, in the
 * format Parley reads (EC P-256 for ES256; PKCS#8 private key, X.509 public key, PEM). Run with the JDK's source
 * launcher: {@code java GenerateKeys.java <private-dir> <public-dir> <uid>}. Keeps an existing pair; the private key
 * is readable by the services' user (uid) only, the public key by everyone.
 */
public class GenerateKeys {

    public static void main(String[] args) throws Exception {
        Path privateKey = Path.of(args[0], "access-token-private.pem");
        Path publicKey = Path.of(args[1], "access-token-public.pem");
        int uid = Integer.parseInt(args[2]);
        if (Files.exists(privateKey) && Files.exists(publicKey)) {
            System.out.println("Access-token keys already there: " + privateKey + ", " + publicKey);
            return;
        }
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        write(publicKey, "PUBLIC KEY", pair.getPublic().getEncoded(), "rw-r--r--", uid);
        write(privateKey, "PRIVATE KEY", pair.getPrivate().getEncoded(), "rw-------", uid);
        System.out.println("Access-token keys made: " + privateKey + ", " + publicKey);
    }

    private static void write(Path file, String label, byte[] der, String permissions, int uid) throws Exception {
        String pem = "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + label + "-----\n";
        Path directory = file.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path temp = Files.createTempFile(directory, "key", ".tmp");
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString(permissions));
        Files.writeString(temp, pem, StandardCharsets.US_ASCII);
        Files.setAttribute(temp, "unix:uid", uid);
        Files.setAttribute(directory, "unix:uid", uid);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
    }
}
