package dev.arbor.internal.http;

import dev.arbor.ActionDefinition;

/** A server action ready to run: its public id and its constructed invoker. */
public record ActionEntry(String id, ActionDefinition definition, ActionDefinition.Invoker invoker) {}
