package dev.longhaul.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * @param workspace the task's workspace, which the attempts start from
 * @param attemptTaskIds the attempts' task ids, each also the name of its workspace under this
 *     host's workspace root
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PrepareAttempts(String taskId, String workspace, List<String> attemptTaskIds) {}
