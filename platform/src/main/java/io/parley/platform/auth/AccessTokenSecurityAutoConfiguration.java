package io.parley.platform.auth;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.RequestRejectedHandler;

import java.util.Optional;

/**
 * The one security filter chain of every Parley service (and of standalone, once for all its modules): requests that
 * need an access token ({@link AccessTokenPaths}: the API but its token endpoints, the socket upgrades) are
 * authenticated by Spring Security's bearer-token filter with Parley's {@link AccessTokenVerifier}; everything else
 * (web client, health, metrics, API documents) is public, as before. Stateless: no HTTP session, no cookies, so no
 * CSRF token, no login form, no default user. Refusals are problems ({@link SecurityProblems}), firewall refusals too.
 * The browser-facing headers stay {@link io.parley.platform.web.SecurityHeadersFilter}'s: Spring Security's writers
 * of the same headers are off.
 */
@AutoConfiguration(after = AccessTokenAutoConfiguration.class,
        before = {SecurityAutoConfiguration.class, UserDetailsServiceAutoConfiguration.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableWebSecurity
public class AccessTokenSecurityAutoConfiguration {

    private static final SecurityProblems PROBLEMS = new SecurityProblems();

    @Bean
    SecurityFilterChain parleySecurityFilterChain(HttpSecurity http, ObjectProvider<AccessTokenVerifier> verifier,
                                                  ObjectProvider<SocketEndpoint> sockets) throws Exception {
        AccessTokenPaths paths = new AccessTokenPaths(sockets.orderedStream().toList());
        AuthenticationManager tokens = new ProviderManager(
                new AccessTokenAuthenticationProvider(Optional.ofNullable(verifier.getIfAvailable())));
        return http
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(paths::requiresToken).authenticated()
                        .anyRequest().permitAll())
                .oauth2ResourceServer(bearer -> bearer
                        .authenticationManagerResolver(request -> tokens)
                        .bearerTokenResolver(new AccessTokenResolver(paths))
                        .authenticationEntryPoint(PROBLEMS)
                        .accessDeniedHandler(PROBLEMS))
                .exceptionHandling(refusals -> refusals.authenticationEntryPoint(PROBLEMS).accessDeniedHandler(PROBLEMS))
                .addFilterAfter(new CallerAttributeFilter(), BearerTokenAuthenticationFilter.class)
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(AbstractHttpConfigurer::disable)
                .csrf(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .headers(headers -> headers
                        .contentTypeOptions(HeadersConfigurer.ContentTypeOptionsConfig::disable)
                        .frameOptions(HeadersConfigurer.FrameOptionsConfig::disable)
                        .cacheControl(HeadersConfigurer.CacheControlConfig::disable))
                .build();
    }

    /**
     * No observation (timer, span) per security filter, authentication or authorization: the request's own
     * observation covers them. Said here rather than filtered out by a predicate, so that Spring Security does not
     * wrap each of its filters in an observing one at all (a predicate made those wrappers observe nothing, but
     * every request still went through them).
     */
    @Bean
    SecurityObservationSettings noSecurityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    /** The firewall's refusals ({@code ;}, encoded {@code .} or {@code /}, {@code //}, ...) as 400 problems. */
    @Bean
    RequestRejectedHandler parleyRequestRejectedHandler() {
        return PROBLEMS;
    }
}
