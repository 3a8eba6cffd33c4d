package io.parley.media.asset;

import io.parley.api.account.UserId;
import io.parley.api.conversation.ConversationId;
import io.parley.api.conversation.MessageId;
import io.parley.api.media.MediaExpired;
import io.parley.api.media.MediaFailed;
import io.parley.api.media.MediaId;
import io.parley.api.media.MediaInfected;
import io.parley.api.media.MediaProcessingStarted;
import io.parley.api.media.MediaReady;
import io.parley.api.media.MediaDeleted;
import io.parley.api.media.MediaShared;
import io.parley.api.media.MediaUnshared;
import io.parley.api.media.MediaUploadStarted;
import io.parley.api.media.MediaUploaded;
import io.parley.api.problem.RejectedException;
import io.parley.api.problem.Rejection;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class MediaAssetTest {

    private static final MediaId MEDIA = MediaId.of("m-1");
    private static final UserId ALICE = UserId.of("alice");
    private static final UserId BOB = UserId.of("bob");
    private static final String KEY = "uploads/image/alice/1717243200000-m-1.jpg";
    private static final String FINAL_KEY = "image/alice/1717243201000-0b8e5c1e.jpg";
    private static final Instant STARTED = Instant.parse("2024-06-01T12:00:00Z");
    private static final Instant EXPIRES = STARTED.plusSeconds(900);
    private static final Instant NOW = STARTED.plusSeconds(60);
    private static final ConversationId CONVERSATION = ConversationId.of("c-1");

    private AggregateTestFixture<MediaAsset> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(MediaAsset.class);
        fixture.givenCurrentTime(NOW);
    }

    @Nested
    class StartingAnUploadSession {

        @Test
        void recordsTheSessionAsPending() {
            fixture.givenNoPriorActivity()
                    .when(new StartUpload(MEDIA, ALICE, "image", "cat.jpg", "image/jpeg", 1000, KEY, null, 1000, 1, EXPIRES))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(new MediaUploadStarted(MEDIA, ALICE, "image", "cat.jpg", "image/jpeg", 1000, KEY,
                            null, 1000, 1, EXPIRES, NOW));
        }

        @Test
        void recordsAMultipartUploadWithItsParts() {
            fixture.givenNoPriorActivity()
                    .when(new StartUpload(MEDIA, ALICE, "video", "clip.mp4", "video/mp4", 12_000_000, KEY, "u-1",
                            5_242_880, 3, EXPIRES))
                    .expectEvents(new MediaUploadStarted(MEDIA, ALICE, "video", "clip.mp4", "video/mp4", 12_000_000,
                            KEY, "u-1", 5_242_880, 3, EXPIRES, NOW));
        }
    }

    @Nested
    class CompletingAnUpload {

        @Test
        void pendingBecomesUploadedWithSniffedTypeSizeAndChecksumThenProcessing() {
            fixture.given(started())
                    .when(new RecordUpload(MEDIA, ALICE, "image/png", 1000, "etag-1", FINAL_KEY))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(uploaded(NOW), new MediaProcessingStarted(MEDIA, NOW))
                    .expectResultMessagePayloadMatching(recordWith(MediaStatus.PROCESSING));
        }

        @Test
        void againAnswersTheSameAndStoresNothing() {
            fixture.given(started(), uploaded(STARTED))
                    .when(new RecordUpload(MEDIA, ALICE, "image/png", 1000, "etag-1", FINAL_KEY))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents()
                    .expectResultMessagePayloadMatching(recordWith(MediaStatus.UPLOADED));
        }

        @Test
        void byASecondCompletionKeepsTheFirstCopy() {
            fixture.given(started(), uploaded(STARTED))
                    .when(new RecordUpload(MEDIA, ALICE, "image/jpeg", 2000, "etag-2", "image/alice/2-other.jpg"))
                    .expectNoEvents()
                    .expectResultMessagePayloadMatching(new TypeSafeMatcher<MediaRecord>(MediaRecord.class) {
                        @Override
                        protected boolean matchesSafely(MediaRecord record) {
                            return FINAL_KEY.equals(record.storageKey()) && KEY.equals(record.uploadKey())
                                    && "etag-1".equals(record.checksum());
                        }

                        @Override
                        public void describeTo(Description description) {
                            description.appendText("the first completion's copy");
                        }
                    });
        }

        @Test
        void whenReadyAnswersTheReadyMedia() {
            fixture.given(started(), uploaded(STARTED), new MediaReady(MEDIA, "thumb", STARTED))
                    .when(new RecordUpload(MEDIA, ALICE, "image/png", 1000, "etag-1", FINAL_KEY))
                    .expectNoEvents()
                    .expectResultMessagePayloadMatching(recordWith(MediaStatus.READY));
        }

        @Test
        void bySomeoneElseIsRejectedAsNotFound() {
            fixture.given(started())
                    .when(new RecordUpload(MEDIA, BOB, "image/png", 1000, "etag-1", FINAL_KEY))
                    .expectException(rejectedWith(Rejection.NOT_FOUND))
                    .expectNoEvents();
        }

        @Test
        void afterTheSessionRanOutIsRejected() {
            fixture.givenCurrentTime(EXPIRES);
            fixture.given(started())
                    .when(new RecordUpload(MEDIA, ALICE, "image/png", 1000, "etag-1", FINAL_KEY))
                    .expectException(rejectedWith(Rejection.UPLOAD_SESSION_EXPIRED))
                    .expectNoEvents();
        }

        @Test
        void ofAnExpiredSessionIsRejected() {
            fixture.given(started(), new MediaExpired(MEDIA, EXPIRES))
                    .when(new RecordUpload(MEDIA, ALICE, "image/png", 1000, "etag-1", FINAL_KEY))
                    .expectException(rejectedWith(Rejection.UPLOAD_SESSION_EXPIRED))
                    .expectNoEvents();
        }

        @Test
        void ofARefusedUploadIsRejectedAgain() {
            fixture.given(started(), new MediaFailed(MEDIA, "not an image", STARTED))
                    .when(new RecordUpload(MEDIA, ALICE, "image/png", 1000, "etag-1", FINAL_KEY))
                    .expectException(rejectedWith(Rejection.UPLOAD_REJECTED))
                    .expectNoEvents();
        }
    }

    @Nested
    class RefusingAnUpload {

        @Test
        void pendingFailsWithTheReason() {
            fixture.given(started())
                    .when(new RejectUpload(MEDIA, ALICE, "not an image"))
                    .expectEvents(new MediaFailed(MEDIA, "not an image", NOW))
                    .expectResultMessagePayload(MediaStatus.FAILED);
        }

        @Test
        void alreadyUploadedStaysUploaded() {
            fixture.given(started(), uploaded(STARTED))
                    .when(new RejectUpload(MEDIA, ALICE, "late"))
                    .expectNoEvents()
                    .expectResultMessagePayload(MediaStatus.UPLOADED);
        }

        @Test
        void bySomeoneElseIsRejectedAsNotFound() {
            fixture.given(started())
                    .when(new RejectUpload(MEDIA, BOB, "spite"))
                    .expectException(rejectedWith(Rejection.NOT_FOUND))
                    .expectNoEvents();
        }
    }

    @Nested
    class Processing {

        @Test
        void uploadedBecomesReadyWithItsThumbnail() {
            fixture.given(started(), uploaded(STARTED))
                    .when(new MarkReady(MEDIA, "thumb"))
                    .expectEvents(new MediaReady(MEDIA, "thumb", NOW));
        }

        @Test
        void readyAgainStoresNothing() {
            fixture.given(started(), uploaded(STARTED), new MediaReady(MEDIA, "thumb", STARTED))
                    .when(new MarkReady(MEDIA, "thumb"))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void pendingCannotBecomeReady() {
            fixture.given(started())
                    .when(new MarkReady(MEDIA, null))
                    .expectException(rejectedWith(Rejection.INVALID_REQUEST))
                    .expectNoEvents();
        }

        @Test
        void failureOfAnUploadedMediaIsRecorded() {
            fixture.given(started(), uploaded(STARTED))
                    .when(new MarkProcessingFailed(MEDIA, "cannot decode"))
                    .expectEvents(new MediaFailed(MEDIA, "cannot decode", NOW));
        }

        @Test
        void processingBecomesReady() {
            fixture.given(started(), uploaded(STARTED), new MediaProcessingStarted(MEDIA, STARTED))
                    .when(new MarkReady(MEDIA, null))
                    .expectEvents(new MediaReady(MEDIA, null, NOW));
        }

        @Test
        void infectedProcessingMediaFailsWithTheSignature() {
            fixture.given(started(), uploaded(STARTED), new MediaProcessingStarted(MEDIA, STARTED))
                    .when(new MarkInfected(MEDIA, "Eicar-Test-Signature", "clamd"))
                    .expectEvents(new MediaInfected(MEDIA, "Eicar-Test-Signature", "clamd", NOW));
        }

        @Test
        void anInfectedMediaCannotBeCompletedAgain() {
            fixture.given(started(), uploaded(STARTED), new MediaProcessingStarted(MEDIA, STARTED),
                            new MediaInfected(MEDIA, "Eicar-Test-Signature", "clamd", STARTED))
                    .when(new RecordUpload(MEDIA, ALICE, "image/png", 1000, "etag-1", FINAL_KEY))
                    .expectException(rejectedWith(Rejection.UPLOAD_REJECTED))
                    .expectNoEvents();
        }

        @Test
        void infectionAfterReadyChangesNothing() {
            fixture.given(started(), uploaded(STARTED), new MediaProcessingStarted(MEDIA, STARTED),
                            new MediaReady(MEDIA, null, STARTED))
                    .when(new MarkInfected(MEDIA, "Eicar-Test-Signature", "clamd"))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void failureAfterReadyChangesNothing() {
            fixture.given(started(), uploaded(STARTED), new MediaReady(MEDIA, null, STARTED))
                    .when(new MarkProcessingFailed(MEDIA, "late"))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }
    }

    @Nested
    class Expiring {

        @Test
        void pendingPastItsTimeExpires() {
            fixture.givenCurrentTime(EXPIRES);
            fixture.given(started())
                    .when(new ExpireUpload(MEDIA))
                    .expectEvents(new MediaExpired(MEDIA, EXPIRES))
                    .expectResultMessagePayload(true);
        }

        @Test
        void pendingBeforeItsTimeStaysPending() {
            fixture.given(started())
                    .when(new ExpireUpload(MEDIA))
                    .expectNoEvents()
                    .expectResultMessagePayload(false);
        }

        @Test
        void uploadedNeverExpires() {
            fixture.givenCurrentTime(EXPIRES.plusSeconds(3600));
            fixture.given(started(), uploaded(STARTED))
                    .when(new ExpireUpload(MEDIA))
                    .expectNoEvents()
                    .expectResultMessagePayload(false);
        }

        @Test
        void expiredExpiresOnce() {
            fixture.givenCurrentTime(EXPIRES.plusSeconds(3600));
            fixture.given(started(), new MediaExpired(MEDIA, EXPIRES))
                    .when(new ExpireUpload(MEDIA))
                    .expectNoEvents()
                    .expectResultMessagePayload(false);
        }
    }

    @Nested
    class Sharing {

        @Test
        void firstShareInAConversationIsRecorded() {
            fixture.given(started(), uploaded(STARTED))
                    .when(new RecordShare(MEDIA, CONVERSATION, MessageId.of("msg-1")))
                    .expectEvents(new MediaShared(MEDIA, CONVERSATION, MessageId.of("msg-1"), NOW));
        }

        @Test
        void aLaterMessageInTheSameConversationIsRecordedToo() {
            fixture.given(started(), uploaded(STARTED), new MediaShared(MEDIA, CONVERSATION, MessageId.of("msg-1"), STARTED))
                    .when(new RecordShare(MEDIA, CONVERSATION, MessageId.of("msg-2")))
                    .expectEvents(new MediaShared(MEDIA, CONVERSATION, MessageId.of("msg-2"), NOW));
        }

        @Test
        void theSameMessageAgainStoresNothing() {
            fixture.given(started(), uploaded(STARTED), new MediaShared(MEDIA, CONVERSATION, MessageId.of("msg-1"), STARTED))
                    .when(new RecordShare(MEDIA, CONVERSATION, MessageId.of("msg-1")))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }
    }

    @Nested
    class WithdrawingAShare {

        private final MediaShared first = new MediaShared(MEDIA, CONVERSATION, MessageId.of("msg-1"), STARTED);
        private final MediaShared second = new MediaShared(MEDIA, CONVERSATION, MessageId.of("msg-2"), STARTED);

        @Test
        void theLastMessageGoneDeletesTheMedia() {
            fixture.given(started(), uploaded(STARTED), first)
                    .when(new WithdrawShare(MEDIA, CONVERSATION, MessageId.of("msg-1")))
                    .expectEvents(new MediaUnshared(MEDIA, CONVERSATION, MessageId.of("msg-1"), NOW),
                            new MediaDeleted(MEDIA, NOW));
        }

        @Test
        void whileAnotherMessageCarriesItTheMediaStays() {
            fixture.given(started(), uploaded(STARTED), first, second)
                    .when(new WithdrawShare(MEDIA, CONVERSATION, MessageId.of("msg-1")))
                    .expectEvents(new MediaUnshared(MEDIA, CONVERSATION, MessageId.of("msg-1"), NOW));
        }

        @Test
        void aMessageThatNeverCarriedItStoresNothing() {
            fixture.given(started(), uploaded(STARTED), first)
                    .when(new WithdrawShare(MEDIA, CONVERSATION, MessageId.of("msg-9")))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void aDeletedMediaCannotBeCompletedAgain() {
            fixture.given(started(), uploaded(STARTED), first, new MediaUnshared(MEDIA, CONVERSATION,
                            MessageId.of("msg-1"), STARTED), new MediaDeleted(MEDIA, STARTED))
                    .when(new RecordUpload(MEDIA, ALICE, "image/png", 1000, "etag-1", FINAL_KEY))
                    .expectException(RejectedException.class);
        }

        @Test
        void theRecordSaysDeleted() {
            MediaRecord record = null;
            for (Object event : new Object[]{started(), uploaded(STARTED), first, new MediaDeleted(MEDIA, STARTED)}) {
                record = MediaRecord.fold(record, event);
            }
            assertThat(record.status()).isEqualTo(MediaStatus.DELETED);
            assertThat(record.status().isUploaded()).isFalse();
        }
    }

    @Test
    void recordFoldsTheWholeLife() {
        MediaRecord record = null;
        for (Object event : new Object[]{started(), uploaded(STARTED), new MediaReady(MEDIA, "thumb", STARTED),
                new MediaShared(MEDIA, CONVERSATION, MessageId.of("msg-1"), STARTED)}) {
            record = MediaRecord.fold(record, event);
        }
        assertThat(record.status()).isEqualTo(MediaStatus.READY);
        assertThat(record.attachment().hasThumbnail()).isTrue();
        assertThat(record.attachment().contentType()).isEqualTo("image/png");
        assertThat(record.sharedIn()).containsExactly(CONVERSATION);
    }

    private static MediaUploadStarted started() {
        return new MediaUploadStarted(MEDIA, ALICE, "image", "cat.jpg", "image/jpeg", 1000, KEY, null, 1000, 1, EXPIRES,
                STARTED);
    }

    private static MediaUploaded uploaded(Instant at) {
        return new MediaUploaded(MEDIA, "image/png", 1000, "etag-1", at, FINAL_KEY);
    }

    private static Matcher<MediaRecord> recordWith(MediaStatus status) {
        return new TypeSafeMatcher<>(MediaRecord.class) {
            @Override
            protected boolean matchesSafely(MediaRecord record) {
                return record.status() == status && "image/png".equals(record.contentType()) && record.size() == 1000;
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("a 1000-byte image/png record in status ").appendValue(status);
            }
        };
    }

    static Matcher<Object> rejectedWith(Rejection rejection) {
        return new TypeSafeMatcher<>(RejectedException.class) {
            @Override
            protected boolean matchesSafely(Object item) {
                return ((RejectedException) item).rejection() == rejection;
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("RejectedException with rejection ").appendValue(rejection);
            }
        };
    }
}
