package io.parley.query.admin;

import io.parley.platform.auth.Caller;
import io.parley.api.problem.Rejection;
import io.parley.query.web.Admins;
import io.parley.query.web.Analysts;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** For analysts: the raw event history; for admins: the projections' progress and replay. */
@RestController
@RequestMapping("/api/v1/admin")
class AdminController {

    private final EventExport export;
    private final ProjectionAdmin projections;

    AdminController(EventExport export, ProjectionAdmin projections) {
        this.export = export;
        this.projections = projections;
    }

    /**
     * NDJSON, streamed while it is read. {@code from}/{@code to}: ISO instants, or dates (a whole UTC day);
     * {@code type}: event class names, simple or full, comma-separated.
     */
    @GetMapping("/events")
    void events(@RequestAttribute(Caller.REQUEST_ATTRIBUTE) Caller caller,
                @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                @RequestParam(required = false) String conversationId, @RequestParam(required = false) String type,
                @RequestParam(defaultValue = "false") boolean includeContent,
                HttpServletResponse response) throws IOException {
        Analysts.require(caller);
        Set<String> types = type == null || type.isBlank() ? null : Arrays.stream(type.split(","))
                .map(String::trim).filter(t -> !t.isEmpty()).collect(Collectors.toSet());
        EventExport.Filter filter = new EventExport.Filter(instant(from, "from", false), instant(to, "to", true),
                conversationId == null || conversationId.isBlank() ? null : conversationId, types, includeContent);
        if (filter.from() != null && filter.to() != null && filter.to().isBefore(filter.from())) {
            throw Rejection.INVALID_REQUEST.exception("to must not be before from");
        }
        response.setStatus(HttpStatus.OK.value());
        response.setContentType("application/x-ndjson");
        response.setCharacterEncoding("UTF-8");
        export.write(filter, response.getOutputStream());
    }

    @GetMapping("/projections")
    List<ProjectionStatus> projections(@RequestAttribute(Caller.REQUEST_ATTRIBUTE) Caller caller) {
        Admins.require(caller);
        return projections.statuses();
    }

    @PostMapping("/projections/{name}/replay")
    ResponseEntity<ProjectionStatus> replay(@RequestAttribute(Caller.REQUEST_ATTRIBUTE) Caller caller,
                                            @PathVariable String name) {
        Admins.require(caller);
        return ResponseEntity.accepted().body(projections.replay(name));
    }

    private static Instant instant(String value, String name, boolean endOfDay) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            if (value.length() == 10) {
                LocalDate day = LocalDate.parse(value);
                return endOfDay ? day.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).minusNanos(1)
                        : day.atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw Rejection.INVALID_REQUEST.exception(name + " must be an ISO instant (2026-01-31T12:00:00Z) or date");
        }
    }
}
