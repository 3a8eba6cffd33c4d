package io.parley.platform.auth;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** A request authenticated by a verified access token: its principal is the {@link Caller}. */
public final class AccessTokenAuthentication extends AbstractAuthenticationToken {

    private final VerifiedAccessToken token;

    public AccessTokenAuthentication(VerifiedAccessToken token) {
        super(token.caller().roles().stream().map(role -> new SimpleGrantedAuthority("ROLE_" + role)).toList());
        this.token = token;
        setAuthenticated(true);
    }

    @Override
    public Caller getPrincipal() {
        return token.caller();
    }

    /** Nothing: the token itself is not kept once verified. */
    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public String getName() {
        return token.caller().userId().value();
    }

    public VerifiedAccessToken token() {
        return token;
    }
}
