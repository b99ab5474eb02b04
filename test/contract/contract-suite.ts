// The suite lives in @portico/adapter-kit so a host can run it against its own backend (ADR 0004).
export * from '@portico/adapter-kit';
