// Every test file removes the scratch folders it made, whether its tests passed or not.
import { afterAll } from 'vitest';
import { removeScratchDirs } from './project.js';

afterAll(removeScratchDirs);
