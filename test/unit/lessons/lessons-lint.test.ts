// Renders every lesson that exists under exercises/ against the real catalog: a lesson that links to an exercise
// or chapter the course does not have, or whose math does not parse, fails here instead of showing a broken link.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CourseIndex, parseCatalog } from '../../../src/course/catalog';
import { exerciseLayout } from '../../../src/course/types';
import { renderLesson } from '../../../src/lessons/render';

const exercisesDir = path.join(__dirname, '..', '..', '..', 'exercises');
// File existence is the catalog test's business; here only the ids matter.
const course = parseCatalog(JSON.parse(fs.readFileSync(path.join(exercisesDir, 'course.json'), 'utf8')), () => true);
const index = new CourseIndex(course);

describe('lesson markdown in exercises/', () => {
  for (const chapter of course.chapters) {
    const file = path.join(exercisesDir, exerciseLayout.lesson(chapter));
    const exists = fs.existsSync(file);
    (exists ? it : it.skip)(`${exerciseLayout.lesson(chapter)} has only working links and math, and a title`, () => {
      const rendered = renderLesson(fs.readFileSync(file, 'utf8'), {
        exercise: (id) => index.exercise(id),
        chapter: (id) => index.chapter(id),
        // Visualizer links render as "(coming soon)" until their command exists; that is not an error.
        hasVisualizer: () => false,
      });
      assert.deepEqual(rendered.problems, [], `problems in ${file}`);
      assert.ok(rendered.title, `${file} should start with a "# Title" heading`);
    });
  }
});
