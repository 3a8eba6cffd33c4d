import io.parley.platform.auth.PemKeys;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;

/**
 * The `keys` job of docker-compose.yml: makes Parley's key pairs once, before any service starts, in the format the
 * services read (platform's {@link PemKeys}: EC P-256, PKCS#8 private key, X.509 public key, PEM) — the access-token
 * pair (the command side signs with the private key, every service verifies with the public one) and push's VAPID pair
 * (RFC 8292; both halves for the realtime gateway alone). Run with the JDK's source launcher and platform's classes:
 * {@code java --class-path <platform classes or jar> GenerateKeys.java <private-dir> <public-dir> <uid> <vapid-dir>}.
 * Keeps an existing pair; private keys are readable by the services' user (uid) only, public keys by everyone.
 */
public class GenerateKeys {

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: GenerateKeys <private-dir> <public-dir> <uid> <vapid-dir>");
            System.exit(2);
        }
        int uid = Integer.parseInt(args[2]);
        makeOnce("Access-token keys", Path.of(args[0], "access-token-private.pem"),
                Path.of(args[1], "access-token-public.pem"), uid);
        makeOnce("VAPID keys", Path.of(args[3], "vapid-private.pem"), Path.of(args[3], "vapid-public.pem"), uid);
    }

    private static void makeOnce(String what, Path privateKey, Path publicKey, int uid) throws Exception {
        if (Files.exists(privateKey) && Files.exists(publicKey)) {
            System.out.println(what + " already there: " + privateKey + ", " + publicKey);
            return;
        }
        KeyPair pair = PemKeys.newKeyPair();
        write(publicKey, PemKeys.pem(pair.getPublic()), "rw-r--r--", uid);
        write(privateKey, PemKeys.pem(pair.getPrivate()), "rw-------", uid);
        System.out.println(what + " made: " + privateKey + ", " + publicKey);
    }

    private static void write(Path file, String pem, String permissions, int uid) throws Exception {
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
