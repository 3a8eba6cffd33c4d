package io.parley.platform.logs;

import io.parley.platform.tracing.MessageTraceContext;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.queryhandling.QueryBus;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * Request ids in the logs of every Parley service (see {@link RequestIds}): from the HTTP request, through the
 * commands and queries it sends, to the handlers of those and of the events the commands store (and the handlers'
 * trace spans: {@link HandlerContext}).
 */
@AutoConfiguration
public class RequestIdsAutoConfiguration {

    /** With the handlers' trace spans, when traces are on ({@code MessageTracingAutoConfiguration}). */
    @Bean
    HandlerContext handlerContext(ObjectProvider<MessageTraceContext> traces) {
        return new HandlerContext(traces.getIfAvailable());
    }

    @Bean
    SmartInitializingSingleton dispatchedRequestIds(ObjectProvider<CommandBus> commandBus,
                                                   ObjectProvider<QueryBus> queryBus) {
        return () -> {
            commandBus.ifAvailable(bus -> bus.registerDispatchInterceptor(DispatchedRequestIds.onCommands()));
            queryBus.ifAvailable(bus -> bus.registerDispatchInterceptor(DispatchedRequestIds.onQueries()));
        };
    }

    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    FilterRegistrationBean<RequestIdFilter> requestIdFilter() {
        FilterRegistrationBean<RequestIdFilter> registration = new FilterRegistrationBean<>(new RequestIdFilter());
        // first after Boot's ForwardedHeaderFilter, so that every later filter's lines (a 401, say) carry the id
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
        return registration;
    }
}
