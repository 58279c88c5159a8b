package dev.arbor.internal.bind;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import java.io.IOException;

/**
 * A boolean as an HTML form sends it: a ticked checkbox sends {@code on} (or its {@code value}), an
 * unticked one sends nothing. {@code true}, {@code on}, {@code yes}, {@code 1} are true; {@code false},
 * {@code off}, {@code no}, {@code 0} are false; anything else is refused.
 */
final class FormBoolean extends StdScalarDeserializer<Boolean> {
    private final boolean primitive;

    /** @param primitive whether the target is {@code boolean}, for which a missing field means false */
    FormBoolean(boolean primitive) {
        super(Boolean.class);
        this.primitive = primitive;
    }

    @Override
    public Boolean deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE) {
            return parser.getBooleanValue();
        }
        if (token == JsonToken.VALUE_STRING) {
            Boolean value = FormText.bool(parser.getText());
            if (value != null) {
                return value;
            }
        }
        return (Boolean) context.handleUnexpectedToken(Boolean.class, parser);
    }

    @Override
    public Boolean getNullValue(DeserializationContext context) {
        return primitive ? Boolean.FALSE : null;
    }

    @Override
    public Object getAbsentValue(DeserializationContext context) {
        return getNullValue(context);
    }
}
