/**
 * Batched delivery (`subscribe { batch: true }`): a socket gets one `events` message per tail batch
 * instead of one `event` message per event. Sockets watching the same set of rooms receive the very
 * same array, so it is encoded once per group of them, not once per socket.
 */
export interface RoomSetGroup {
  /** The rooms every socket of the group is in. */
  rooms: ReadonlySet<string>;
  socketIds: string[];
}

/**
 * Groups sockets by the set of rooms they are in (order of joining does not matter). `isRoom`
 * tells watched rooms from the adapter's other ones (a socket's own id, internal markers); a
 * socket in no watched room (catching up, or all rooms left) belongs to no group.
 */
export function groupByRoomSet(
  sockets: Iterable<readonly [socketId: string, rooms: Iterable<string>]>,
  isRoom: (room: string) => boolean,
): RoomSetGroup[] {
  const groups = new Map<string, RoomSetGroup>();
  for (const [socketId, joined] of sockets) {
    const rooms = [...joined].filter(isRoom).sort();
    if (rooms.length === 0) continue;
    const key = rooms.join('\n');
    const group = groups.get(key);
    if (group) group.socketIds.push(socketId);
    else groups.set(key, { rooms: new Set(rooms), socketIds: [socketId] });
  }
  return [...groups.values()];
}

/**
 * The indexes, in order, of the events that reach at least one of `rooms` (`roomsOfEvents[i]` are
 * event i's rooms): each event once, however many of the rooms it reaches.
 */
export function eventsInRooms(roomsOfEvents: readonly (readonly string[])[], rooms: ReadonlySet<string>): number[] {
  const selected: number[] = [];
  roomsOfEvents.forEach((eventRooms, index) => {
    if (eventRooms.some((room) => rooms.has(room))) selected.push(index);
  });
  return selected;
}
