import { startNext } from './next-server';

void startNext('start');
