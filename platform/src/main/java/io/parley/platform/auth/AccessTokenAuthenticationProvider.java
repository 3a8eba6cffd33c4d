package io.parley.platform.auth;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

import java.util.Optional;

/**
 * Authenticates a bearer token with Parley's {@link AccessTokenVerifier} (signature, expiry, revocation). Without a
 * verifier (an application that configured no public key) every token is refused: the API stays closed.
 */
final class AccessTokenAuthenticationProvider implements AuthenticationProvider {

    private final Optional<AccessTokenVerifier> verifier;

    AccessTokenAuthenticationProvider(Optional<AccessTokenVerifier> verifier) {
        this.verifier = verifier;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String token = ((BearerTokenAuthenticationToken) authentication).getToken();
        return verifier.flatMap(tokens -> tokens.verifyToken(token))
                .map(AccessTokenAuthentication::new)
                .orElseThrow(() -> new InvalidBearerTokenException("A valid access token is required"));
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return BearerTokenAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
