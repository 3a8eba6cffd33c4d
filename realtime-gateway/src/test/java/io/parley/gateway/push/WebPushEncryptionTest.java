package io.parley.gateway.push;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECPrivateKeySpec;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The encryption against RFC 8291's own example (section 5, appendix A). */
class WebPushEncryptionTest {

    private static final Base64.Decoder B64 = Base64.getUrlDecoder();

    @Test
    void encryptsTheRfc8291ExampleByteForByte() throws Exception {
        ECPublicKey asPublic = P256.decode(B64.decode(
                "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8")).orElseThrow();
        var asPrivate = KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(
                new BigInteger(1, B64.decode("yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw")), P256.CURVE));
        ECPublicKey uaPublic = P256.decode(B64.decode(
                "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4")).orElseThrow();

        byte[] body = WebPushEncryption.encrypt("When I grow up, I want to be a watermelon".getBytes(StandardCharsets.UTF_8),
                uaPublic, B64.decode("BTBZMqHH6r4Tts7J_aSIgg"), new KeyPair(asPublic, asPrivate),
                B64.decode("DGv6ra1nlYgDCS1FRnbzlw"));

        assertThat(Base64.getUrlEncoder().withoutPadding().encodeToString(body)).isEqualTo(
                "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8w"
                        + "EqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN");
    }

    @Test
    void everyMessageHasAFreshKeyAndSaltAndFitsOneRecord() {
        ECPublicKey uaPublic = P256.decode(B64.decode(
                "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4")).orElseThrow();
        byte[] auth = new byte[16];
        byte[] first = WebPushEncryption.encrypt(new byte[]{1}, uaPublic, auth);
        byte[] second = WebPushEncryption.encrypt(new byte[]{1}, uaPublic, auth);
        assertThat(first).isNotEqualTo(second).hasSize(86 + 1 + 1 + 16);
        assertThatThrownBy(() -> WebPushEncryption.encrypt(new byte[WebPushEncryption.MAX_PLAINTEXT_BYTES + 1], uaPublic, auth))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onlyUncompressedPointsOnTheCurveAreKeys() {
        byte[] good = B64.decode("BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4");
        byte[] offCurve = good.clone();
        offCurve[64] ^= 1;
        byte[] compressed = good.clone();
        compressed[0] = 0x02;
        assertThat(P256.decode(good)).isPresent();
        assertThat(P256.decode(offCurve)).isEmpty();
        assertThat(P256.decode(compressed)).isEmpty();
        assertThat(P256.decode(new byte[33])).isEmpty();
    }
}
