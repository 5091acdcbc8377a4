/**
 * The bucket abstraction shared by all jthanos components (after thanos-io/objstore).
 *
 * <ul>
 *   <li>{@link io.jthanos.objstore.BucketReader} / {@link io.jthanos.objstore.Bucket}: the narrow read and
 *       read-write contracts; {@link io.jthanos.objstore.ObjectNotFoundException} marks missing objects.</li>
 *   <li>Providers: {@link io.jthanos.objstore.filesystem.FilesystemBucket} ({@code FILESYSTEM}),
 *       {@link io.jthanos.objstore.s3.S3Bucket} ({@code S3}) and, for tests,
 *       {@link io.jthanos.objstore.memory.InMemoryBucket}.</li>
 *   <li>Wrappers: {@link io.jthanos.objstore.InstrumentedBucket} (Thanos's metrics) and
 *       {@link io.jthanos.objstore.PrefixedBucket} ({@code prefix:}).</li>
 *   <li>{@link io.jthanos.objstore.BucketFactory}: builds an instrumented bucket from an {@code objstore.yml}.</li>
 * </ul>
 */
package io.jthanos.objstore;
