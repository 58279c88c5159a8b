package dev.arbor.internal.http;

import dev.arbor.spi.ActionDefinition;

/**
 * A server action ready to run under one of its ids: the current one ({@code acceptedUntil} is
 * {@link java.time.Instant#MAX}) or a previous key's alias, accepted until that key leaves the ring.
 */
public record ActionEntry(String id, ActionDefinition definition, ActionDefinition.Invoker invoker, java.time.Instant acceptedUntil) {}
