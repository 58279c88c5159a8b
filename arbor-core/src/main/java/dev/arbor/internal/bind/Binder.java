package dev.arbor.internal.bind;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.arbor.HttpError;
import dev.arbor.Limits;
import dev.arbor.UploadedFile;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.io.IOException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

/**
 * Binds a request body into a record and validates it. Binding is schema-driven: only the record's own
 * components are filled, unknown fields are refused, and nothing outside the target type is ever
 * instantiated. Every failure becomes an {@link HttpError} whose message names the field and the problem,
 * never the Java types or stack of the server.
 */
public final class Binder {
    private static final Validator VALIDATOR = buildValidator();

    private Binder() {}

    private static Validator buildValidator() {
        // The parameter interpolator avoids an expression-language engine: messages use {min}-style values only.
        ValidatorFactory factory = Validation.byDefaultProvider().configure()
                .messageInterpolator(new ParameterMessageInterpolator())
                .buildValidatorFactory();
        return factory.getValidator();
    }

    /** Binds JSON bytes to {@code type} and validates the result. */
    public static <T> T json(byte[] body, Class<T> type) {
        if (body.length == 0) {
            throw HttpError.badRequest("Request body is empty: expected a JSON object");
        }
        T value;
        try {
            value = Json.mapper().readValue(body, type);
        } catch (IOException e) {
            throw translate(e);
        }
        if (value == null) {
            throw HttpError.badRequest("Request body is null: expected a JSON object");
        }
        return validate(value);
    }

    /**
     * Binds form fields to {@code type} and validates the result. Fields whose names start with an
     * underscore are the framework's own (CSRF token, action id) and are not bound.
     */
    public static <T> T form(Map<String, List<String>> fields, Class<T> type) {
        return form(fields, List.of(), type);
    }

    /**
     * Binds form fields and uploaded files to {@code type}: a record component of type {@link UploadedFile}
     * (or a list of them) takes the files sent under its name.
     */
    public static <T> T form(Map<String, List<String>> fields, List<UploadedFile> files, Class<T> type) {
        int maxLength = Json.limits().maxStringLength();
        for (var field : fields.entrySet()) {
            if (field.getKey().startsWith("__")) {
                // Not one of the framework's fields, and the shape of a prototype-pollution probe: refused like any unknown field.
                throw HttpError.badRequest("Unknown field '" + field.getKey() + "'");
            }
            if (field.getKey().startsWith("_")) {
                continue;
            }
            for (String value : field.getValue()) {
                // The JSON parser enforces this for JSON; form text reaches the record without passing through it.
                if (value.length() > maxLength) {
                    String tooLong = textTooLong(maxLength);
                    throw new HttpError(400, null, "Field '" + field.getKey() + "': " + tooLong.toLowerCase(java.util.Locale.ROOT),
                            List.of(new HttpError.FieldError(field.getKey(), tooLong)));
                }
            }
        }
        FormRecord record = FormRecord.of(type);
        Object bound = record == null ? null : record.bind(fields, files);
        return validate(bound != null ? type.cast(bound) : throughJackson(fields, files, type));
    }

    /**
     * Binds through Jackson's form mapper: what {@link FormRecord} leaves undecided (a type it does not know, a
     * value it does not take verbatim), and every refusal but a constructor's, worded as they always were.
     */
    static <T> T throughJackson(Map<String, List<String>> fields, List<UploadedFile> files, Class<T> type) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (var field : fields.entrySet()) {
            if (!field.getKey().startsWith("_")) {
                List<String> all = field.getValue();
                values.put(field.getKey(), all.size() == 1 ? all.getFirst() : all);
            }
        }
        Map<String, List<UploadedFile>> byField = new LinkedHashMap<>();
        for (UploadedFile file : files) {
            if (file.size() > 0 || !file.fileName().isEmpty()) {
                byField.computeIfAbsent(file.field(), k -> new java.util.ArrayList<>()).add(file);
            }
        }
        byField.forEach((name, all) -> values.put(name, all.size() == 1 ? all.getFirst() : all));
        try {
            return Json.formMapper().convertValue(values, type);
        } catch (IllegalArgumentException e) {
            if (e.getCause() instanceof MismatchedInputException mismatch && values.get(path(mismatch)) instanceof List<?>
                    && !(mismatch.getTargetType() != null && (List.class.isAssignableFrom(mismatch.getTargetType())
                            || mismatch.getTargetType().isArray()))) {
                // Several values where the record takes one: "must be a string" would send the user looking for the wrong fault.
                String field = path(mismatch);
                throw new HttpError(400, null, "Field '" + field + "' was sent more than once",
                        List.of(new HttpError.FieldError(field, "Sent more than once")));
            }
            throw translate(e.getCause() instanceof IOException io ? io : new IOException(e.getMessage()));
        }
    }

    private static String textTooLong(int maxLength) {
        return "Text too long (max " + maxLength + " characters)";
    }

    /** Validates a bound value; 422 with every violated field, sorted by field name. */
    public static <T> T validate(T value) {
        Set<ConstraintViolation<T>> violations = VALIDATOR.validate(value);
        if (!violations.isEmpty()) {
            List<HttpError.FieldError> errors = violations.stream()
                    .map(v -> new HttpError.FieldError(v.getPropertyPath().toString(), v.getMessage()))
                    .sorted(Comparator.comparing(HttpError.FieldError::field).thenComparing(HttpError.FieldError::message))
                    .toList();
            throw new HttpError(422, "validation", "The request has invalid fields", errors);
        }
        return value;
    }

    private static HttpError translate(IOException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof StreamConstraintsException limit) {
                return HttpError.badRequest(overLimit(limit));
            }
            if (cause instanceof StreamReadException read && read.getOriginalMessage() != null
                    && read.getOriginalMessage().startsWith(DUPLICATE)) {
                // Well-formed JSON, one key twice: "Malformed JSON" would send the caller looking for a syntax error.
                String name = read.getOriginalMessage().substring(DUPLICATE.length());
                return HttpError.badRequest("Duplicate field \"" + name.substring(0, Math.max(0, name.lastIndexOf('\''))) + "\"");
            }
        }
        if (e instanceof UnrecognizedPropertyException unknown) {
            return HttpError.badRequest("Unknown field '" + unknown.getPropertyName() + "'");
        }
        if (e instanceof InvalidFormatException format) {
            return HttpError.badRequest("Field '" + path(format) + "' must be " + describe(format.getTargetType()));
        }
        if (e instanceof ValueInstantiationException instantiation) {
            // A record's own constructor check speaks to the caller; anything else stays on the server.
            Throwable cause = instantiation.getCause();
            return HttpError.badRequest(cause instanceof IllegalArgumentException && cause.getMessage() != null
                    ? "Invalid value: " + cause.getMessage() : "Invalid value");
        }
        if (e instanceof MismatchedInputException mismatch) {
            String field = path(mismatch);
            return HttpError.badRequest(field.isEmpty()
                    ? "Request body must be " + describe(mismatch.getTargetType())
                    : "Field '" + field + "' must be " + describe(mismatch.getTargetType()));
        }
        if (e instanceof StreamReadException read) {
            var location = read.getLocation();
            return HttpError.badRequest("Malformed JSON" + (location == null ? "" : " at line " + location.getLineNr()
                    + ", column " + location.getColumnNr()));
        }
        if (e instanceof DatabindException || e instanceof JsonProcessingException) {
            return HttpError.badRequest("Request body does not match the expected shape");
        }
        return HttpError.badRequest("Request body could not be read");
    }

    /** The start of the parser's message for a key seen twice in one object ({@code Duplicate field 'name'}). */
    private static final String DUPLICATE = "Duplicate field '";

    /**
     * Which limit a body broke, in the caller's words. The parser's own message names its configuration class,
     * which tells the caller nothing it can act on and the server's internals to anyone.
     */
    private static String overLimit(StreamConstraintsException limit) {
        String message = limit.getOriginalMessage() == null ? "" : limit.getOriginalMessage();
        Limits limits = Json.limits();
        if (message.startsWith("Number value length")) {
            return "Number too long (max " + Json.MAX_NUMBER_LENGTH + " digits)";
        }
        if (message.startsWith("String value length")) {
            return textTooLong(limits.maxStringLength());
        }
        if (message.startsWith("Document nesting depth")) {
            return "JSON nested too deeply (max " + limits.maxJsonDepth() + " levels)";
        }
        if (message.startsWith("Token count")) {
            return "JSON has too many tokens (max " + limits.maxJsonTokens() + ")";
        }
        if (message.startsWith("Name length")) {
            return "Field name too long";
        }
        return "JSON too large";
    }

    private static String path(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                out.append(out.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "a valid value";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class
                || type == short.class || type == Short.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == UploadedFile.class) {
            return "a file sent as multipart/form-data";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.toString(type.getEnumConstants());
        }
        if (List.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
    }
}
