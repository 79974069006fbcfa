import { fillTemplate } from './message-template.js';

describe('message templates', () => {
  it('renders placeholders and leaves unknown values visible', () => {
    expect(fillTemplate('Hi {asker}, {responder} is at level {level}', { asker: 'Ann', level: 2 })).toBe(
      'Hi Ann, {responder} is at level 2',
    );
  });
});
