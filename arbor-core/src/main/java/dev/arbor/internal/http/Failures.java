package dev.arbor.internal.http;

import dev.arbor.HttpError;
import dev.arbor.Response;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answer to whatever a handler threw: an {@link HttpError} is a problem; a database out of reach is 503 with
 * {@code Retry-After}; anything else is 500 with an error id, logged with its stack trace under that id and never
 * sent. The last two are a page for the browser itself and a problem for anyone else.
 */
final class Failures {
    private static final Logger LOG = LoggerFactory.getLogger(Failures.class);

    private Failures() {}

    static Response answer(Exchange exchange, Throwable thrown) {
        if (thrown instanceof HttpError error) {
            return Response.problem(error);
        }
        HttpError error;
        if (ServiceUnavailable.causedBy(thrown)) {
            ServiceUnavailable.log(exchange, thrown);
            error = ServiceUnavailable.error();
        } else {
            String id = Long.toHexString(ThreadLocalRandom.current().nextLong());
            LOG.error("error {} in {} {} ({})", id, exchange.method(), exchange.path(), exchange.entry().definition().handler(), thrown);
            error = new HttpError(500, "internal", "Something went wrong on our side. Error id: " + id, List.of());
        }
        return ErrorPages.answer(exchange, error);
    }
}
