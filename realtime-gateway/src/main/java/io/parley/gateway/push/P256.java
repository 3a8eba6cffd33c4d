package io.parley.gateway.push;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import java.util.Optional;

/** NIST P-256 public keys in the uncompressed form Web Push uses ({@code 0x04 || X || Y}, 65 bytes). */
final class P256 {

    static final int PUBLIC_KEY_BYTES = 65;
    static final ECParameterSpec CURVE = curve();

    private P256() {
    }

    static byte[] encode(ECPublicKey key) {
        byte[] raw = new byte[PUBLIC_KEY_BYTES];
        raw[0] = 0x04;
        copyUnsigned(key.getW().getAffineX(), raw, 1);
        copyUnsigned(key.getW().getAffineY(), raw, 33);
        return raw;
    }

    /** The key, or empty when the bytes are not an uncompressed point on the curve. */
    static Optional<ECPublicKey> decode(byte[] raw) {
        if (raw == null || raw.length != PUBLIC_KEY_BYTES || raw[0] != 0x04) {
            return Optional.empty();
        }
        BigInteger x = new BigInteger(1, Arrays.copyOfRange(raw, 1, 33));
        BigInteger y = new BigInteger(1, Arrays.copyOfRange(raw, 33, 65));
        if (!onCurve(x, y)) {
            return Optional.empty();
        }
        try {
            return Optional.of((ECPublicKey) KeyFactory.getInstance("EC")
                    .generatePublic(new ECPublicKeySpec(new ECPoint(x, y), CURVE)));
        } catch (GeneralSecurityException notAKey) {
            return Optional.empty();
        }
    }

    /** y² = x³ + ax + b (mod p), with both coordinates below p. */
    private static boolean onCurve(BigInteger x, BigInteger y) {
        BigInteger p = ((java.security.spec.ECFieldFp) CURVE.getCurve().getField()).getP();
        if (x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
            return false;
        }
        BigInteger left = y.modPow(BigInteger.TWO, p);
        BigInteger right = x.pow(3).add(CURVE.getCurve().getA().multiply(x)).add(CURVE.getCurve().getB()).mod(p);
        return left.equals(right);
    }

    private static void copyUnsigned(BigInteger value, byte[] target, int offset) {
        byte[] bytes = value.toByteArray();
        int length = Math.min(bytes.length, 32);
        System.arraycopy(bytes, bytes.length - length, target, offset + 32 - length, length);
    }

    private static ECParameterSpec curve() {
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec("secp256r1"));
            return parameters.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no P-256", e);
        }
    }
}
