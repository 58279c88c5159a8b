package dev.arbor.internal.bind;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.arbor.HttpError;
import dev.arbor.Limits;
import dev.arbor.UploadedFile;
import java.io.UncheckedIOException;

/**
 * The one Jackson configuration of the framework. Reading is strict and closed: unknown properties fail,
 * no polymorphic or default typing is ever enabled, duplicate keys fail, and nesting depth and string
 * length are bounded by {@link Limits}. Writing uses the same mapper so that records and Java time types
 * come out the same everywhere.
 */
public final class Json {
    private static volatile ObjectMapper mapper = build(Limits.defaults());
    private static volatile ObjectMapper formMapper = build(Limits.defaults(), true);
    private static volatile Limits configured = Limits.defaults();

    /** The most digits a JSON number may have. */
    static final int MAX_NUMBER_LENGTH = 100;

    private Json() {}

    /** Rebuilds the reader limits; called once when a server starts. */
    public static void configure(Limits limits) {
        if (limits.equals(configured)) {
            return; // the mappers made at class initialization already have these limits
        }
        configured = limits;
        mapper = build(limits);
        formMapper = build(limits, true);
    }

    /** The limits the mappers were built with. */
    static Limits limits() {
        return configured;
    }

    static ObjectMapper formMapper() {
        return formMapper;
    }

    static ObjectMapper build(Limits limits) {
        return build(limits, false);
    }

    /**
     * The mapper that binds form fields: the same closed rules as JSON, except that the text of a form
     * field may stand for a number or boolean, and an empty field means "no value".
     */
    static ObjectMapper build(Limits limits, boolean formText) {
        // Handlers run on virtual threads, one per request, so Jackson's default thread-local buffer recycling
        // would allocate fresh buffers every time; a shared lock-free pool reuses them across threads.
        JsonFactory factory = JsonFactory.builder().recyclerPool(JsonRecyclerPools.sharedLockFreePool()).build();
        JsonMapper built = JsonMapper.builder(factory)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, formText)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .addModule(new JavaTimeModule())
                .addModule(new Jdk8Module())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .build();
        built.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(limits.maxJsonDepth())
                .maxStringLength(limits.maxStringLength())
                .maxNumberLength(MAX_NUMBER_LENGTH)
                .maxTokenCount(limits.maxJsonTokens()) // breadth: the CVE-2025-55184 analogue
                .build());
        if (formText) {
            built.coercionConfigDefaults().setCoercion(CoercionInputShape.EmptyString, CoercionAction.AsNull);
            // One ticked checkbox of a group arrives as one value, not as a list of one.
            built.enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY);
            built.registerModule(new SimpleModule("arbor-form-booleans")
                    .addDeserializer(Boolean.class, new FormBoolean(false))
                    .addDeserializer(boolean.class, new FormBoolean(true)));
        } else {
            // A file only ever comes from a multipart upload: JSON naming a server path must not become one.
            built.registerModule(new SimpleModule("arbor-no-json-files").addDeserializer(UploadedFile.class,
                    new com.fasterxml.jackson.databind.deser.std.StdDeserializer<UploadedFile>(UploadedFile.class) {
                        @Override
                        public UploadedFile deserialize(com.fasterxml.jackson.core.JsonParser parser,
                                                        com.fasterxml.jackson.databind.DeserializationContext context)
                                throws java.io.IOException {
                            throw com.fasterxml.jackson.databind.exc.MismatchedInputException.from(parser, UploadedFile.class,
                                    "files are sent as multipart/form-data");
                        }
                    }));
            // JSON says what type a value is: 42 is not the string "42", and true is not "true".
            built.coercionConfigFor(LogicalType.Textual)
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        }
        return built;
    }

    public static ObjectMapper mapper() {
        return mapper;
    }

    /** Serializes {@code value} to UTF-8 JSON bytes. */
    public static byte[] write(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("could not write " + value.getClass().getName() + " as JSON", e);
        }
    }

    /** The RFC 9457 body for an {@link HttpError}. */
    public static byte[] problem(HttpError error) {
        ObjectNode node = mapper.createObjectNode();
        node.put("type", error.type() == null ? "about:blank" : "/problems/" + error.type());
        node.put("title", Problems.title(error.status()));
        node.put("status", error.status());
        if (error.detail() != null) {
            node.put("detail", error.detail());
        }
        if (!error.errors().isEmpty()) {
            ArrayNode errors = node.putArray("errors");
            for (HttpError.FieldError field : error.errors()) {
                errors.addObject().put("field", field.field()).put("message", field.message());
            }
        }
        return write(node);
    }
}
