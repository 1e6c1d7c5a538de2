/**
 * The statuses the product shows (Connected, Not Connected, Syncing, Paused, Error), derived from what
 * is stored: the status a person chose or a sync left, and whether a run is active right now.
 */
import type { Integration } from '../db/schema.js';

export const displayStatuses = ['Connected', 'Not Connected', 'Syncing', 'Paused', 'Error'] as const;
export type DisplayStatus = (typeof displayStatuses)[number];

export function displayStatus(status: Integration['status'], running: boolean): DisplayStatus {
  switch (status) {
    case 'not_connected':
    case 'disconnected':
      return 'Not Connected';
    case 'paused':
      return 'Paused';
    case 'connected':
    case 'syncing':
    case 'error':
      return running ? 'Syncing' : status === 'error' ? 'Error' : 'Connected';
  }
}
