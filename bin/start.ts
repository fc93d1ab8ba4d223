import { supervise } from './supervise';

void supervise('start');
