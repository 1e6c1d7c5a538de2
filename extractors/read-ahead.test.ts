import { describe, expect, it } from 'vitest';
import { pageKey, ReadAhead, readAheadPages, totalPagesInReply } from './read-ahead.js';

describe('ReadAhead', () => {
  it('hands over the page read ahead for its key once, and fetches any other key afresh', async () => {
    const ahead = new ReadAhead<string>();
    const fetched: string[] = [];
    const fetch = (what: string) => async () => {
      fetched.push(what);
      return what;
    };
    ahead.start(pageKey({ from: 0, to: 10 }, 2), fetch('page 2'));
    expect(await ahead.take(pageKey({ from: 0, to: 10 }, 2), fetch('page 2 again'))).toBe('page 2');
    expect(await ahead.take(pageKey({ from: 0, to: 10 }, 2), fetch('page 2 again'))).toBe('page 2 again');
    ahead.start(pageKey({ from: 0, to: 10 }, 3), fetch('page 3'));
    expect(await ahead.take(pageKey({ from: 10, to: 20 }, null), fetch('next window'))).toBe('next window');
    expect(fetched).toEqual(['page 2', 'page 2 again', 'page 3', 'next window']);
  });

  it('surfaces a failed read-ahead when its page is taken, and never as an unhandled rejection', async () => {
    const ahead = new ReadAhead<string>();
    ahead.start('k', () => Promise.reject(new Error('provider down')));
    await expect(ahead.take('k', async () => 'unused')).rejects.toThrow('provider down');
    ahead.start('dropped', () => Promise.reject(new Error('never taken')));
    expect(await ahead.take('other', async () => 'fresh')).toBe('fresh');
  });

  it('settles only once every request read ahead has ended, the dropped ones included', async () => {
    const ahead = new ReadAhead<string>();
    const answers: Array<() => void> = [];
    const slow = (what: string) => () => new Promise<string>((resolve) => answers.push(() => resolve(what)));
    ahead.start('dropped', slow('dropped'));
    expect(await ahead.take('other', async () => 'fresh')).toBe('fresh');
    ahead.start('failing', () => Promise.reject(new Error('provider down')));
    let settled = false;
    const done = ahead.settled().then(() => (settled = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    for (const answer of answers) answer();
    await done;
    expect(settled).toBe(true);
  });

  it('holds three pages ahead at most, the oldest guess dropped first, and drops all on a page asked for under another key', async () => {
    const ahead = new ReadAhead<string>();
    const fetched: string[] = [];
    const fetch = (what: string) => async () => (fetched.push(what), what);
    ahead.start('1', fetch('1'));
    ahead.start('1', fetch('1 twice'));
    ahead.start('2', fetch('2'));
    expect(ahead.room).toBe(1);
    ahead.start('3', fetch('3'));
    expect(ahead.room).toBe(0);
    ahead.start('4', fetch('4'));
    expect(await ahead.take('2', fetch('2 again'))).toBe('2');
    expect(await ahead.take('1', fetch('1 again'))).toBe('1 again');
    expect(await ahead.take('4', fetch('4 again'))).toBe('4 again');
    expect(fetched).toEqual(['1', '2', '3', '4', '1 again', '4 again']);
  });
});

describe('ReadAhead.offer', () => {
  it('starts a page only when it is not held yet and there is room, never dropping one held', async () => {
    const ahead = new ReadAhead<string>();
    const fetched: string[] = [];
    const fetch = (what: string) => async () => (fetched.push(what), what);
    for (const key of ['1', '2', '1', '3', '4']) ahead.offer(key, fetch(key));
    expect(fetched).toEqual(['1', '2', '3']);
    expect(await ahead.take('1', fetch('1 again'))).toBe('1');
    ahead.offer('4', fetch('4'));
    expect(await ahead.take('2', fetch('2 again'))).toBe('2');
    expect(await ahead.take('3', fetch('3 again'))).toBe('3');
    expect(await ahead.take('4', fetch('4 again'))).toBe('4');
    expect(fetched).toEqual(['1', '2', '3', '4']);
  });
});

describe('totalPagesInReply', () => {
  it('reads the page count near the start or the end of the bytes, and nothing in between', () => {
    const filler = 'x'.repeat(10_000);
    const pattern = /TotalPages="(\d+)"/;
    expect(totalPagesInReply(Buffer.from(`<Value TotalPages="7">${filler}`), pattern)).toBe(7);
    expect(totalPagesInReply(Buffer.from(`${filler}<p TotalPages="12"/>`), pattern)).toBe(12);
    expect(totalPagesInReply(Buffer.from(`${filler}<p TotalPages="3"/>${filler}`), pattern)).toBeUndefined();
    expect(totalPagesInReply(Buffer.from('<Value/>'), pattern)).toBeUndefined();
  });
});

describe('readAheadPages', () => {
  it('starts the next pages of the window up to its last, then the next window’s first while there is room', () => {
    const started: string[] = [];
    const window = { from: 0, to: 10 };
    const following = { from: 10, to: 20 };
    const fetch = (pageWindow: { from: number }, page: number) => () => (started.push(`${pageWindow.from}:${page}`), Promise.resolve(''));
    readAheadPages(new ReadAhead<string>(), { window, next: 2, last: 9, following, first: 0 }, fetch);
    expect(started).toEqual(['0:2', '0:3', '0:4']);
    started.length = 0;
    readAheadPages(new ReadAhead<string>(), { window, next: 8, last: 9, following, first: 0 }, fetch);
    expect(started).toEqual(['0:8', '0:9', '10:0']);
    started.length = 0;
    readAheadPages(new ReadAhead<string>(), { window, next: null, last: 9, following: null, first: 0 }, fetch);
    expect(started).toEqual([]);
  });
});
