import { supervise } from './supervise';

void supervise('dev');
