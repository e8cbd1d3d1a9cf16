package dev.saccade.scenes;

/**
 * Where a sprite is and how it stands in one frame.
 *
 * @param ax screen x of the ground contact point
 * @param ay screen y of the ground contact point (the feet)
 * @param s pixels per figure unit (a person's height, a vehicle's height)
 * @param facing +1 moving right, -1 moving left
 * @param front seen from the front (walking towards the camera) instead of from the side
 * @param phase gait cycle (radians) for people, wheel turn (radians) for vehicles
 * @param swing 0..1 how far limbs swing: 1 walking, 0 standing still or lying
 * @param theta 0 upright .. pi/2 lying, toppling towards {@code facing}
 */
record Pose(double ax, double ay, double s, int facing, boolean front, double phase, double swing, double theta) {}
