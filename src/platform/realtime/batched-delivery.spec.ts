import { eventsInRooms, groupByRoomSet } from './batched-delivery.js';

const isRoom = (room: string) => room.startsWith('org:');

describe('groupByRoomSet', () => {
  it('puts sockets with the same rooms, joined in any order, in one group', () => {
    const groups = groupByRoomSet(
      [
        ['a', ['a', 'org:t', 'org:t:squad:s']],
        ['b', ['org:t:squad:s', 'b', 'org:t']],
        ['c', ['c', 'org:t']],
      ],
      isRoom,
    );
    expect(groups.map((group) => ({ rooms: [...group.rooms], socketIds: group.socketIds }))).toEqual([
      { rooms: ['org:t', 'org:t:squad:s'], socketIds: ['a', 'b'] },
      { rooms: ['org:t'], socketIds: ['c'] },
    ]);
  });

  it('leaves out a socket in no watched room (catching up)', () => {
    expect(groupByRoomSet([['a', ['a', 'realtime:batched']]], isRoom)).toEqual([]);
  });
});

describe('eventsInRooms', () => {
  it('selects, in order and once each, the events reaching any of the rooms', () => {
    const roomsOfEvents = [['org:t', 'org:t:squad:s'], ['org:u'], ['org:t:squad:s'], []];
    expect(eventsInRooms(roomsOfEvents, new Set(['org:t', 'org:t:squad:s']))).toEqual([0, 2]);
    expect(eventsInRooms(roomsOfEvents, new Set(['org:v']))).toEqual([]);
  });
});
