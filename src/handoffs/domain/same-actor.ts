/** One actor and the same one again (kind and id), e.g. the claimer coming back to release. */
export const sameActor = (a: { kind: string; id: string }, b: { kind: string; id: string }) => a.kind === b.kind && a.id === b.id;
