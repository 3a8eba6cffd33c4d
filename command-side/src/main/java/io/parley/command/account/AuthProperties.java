package io.parley.command.account;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Token lifetimes and keys. {@code analysts} are the usernames granted the {@code analyst} role, {@code admins} those
 * granted the {@code admin} role (backup, projections).
 * With {@code generateKeys}, a missing key pair is created at start (the standalone default). {@code maxDevices}: how
 * many devices an account may have logged in at once.
 */
@ConfigurationProperties("parley.jwt")
record AuthProperties(Path privateKeyFile, Path publicKeyFile, @DefaultValue("false") boolean generateKeys,
                      @DefaultValue("15m") Duration accessTokenTtl, @DefaultValue("30d") Duration refreshTokenTtl,
                      @DefaultValue("10") int bcryptStrength, @DefaultValue List<String> analysts,
                      @DefaultValue("20") int maxDevices, @DefaultValue List<String> admins) {
}
