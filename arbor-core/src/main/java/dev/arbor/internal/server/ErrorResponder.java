package dev.arbor.internal.server;

import dev.arbor.HttpError;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Answers the errors Jetty raises before Arbor sees a request (a malformed request line, headers too
 * large, a URI too long, shutdown rejection) as problem+json, never with Jetty's HTML or a stack trace.
 */
final class ErrorResponder extends ErrorHandler {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus() >= 400 ? response.getStatus() : 500;
        String detail = switch (status) {
            case 400 -> "The request is malformed";
            case 414 -> "The request target is too long";
            case 431 -> "The request headers are too large";
            case 503 -> "The server is shutting down; retry shortly";
            default -> "The request could not be served";
        };
        byte[] body = dev.arbor.internal.bind.Json.problem(new HttpError(status, detail));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/problem+json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        if (status == 503) {
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
        }
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }
}
