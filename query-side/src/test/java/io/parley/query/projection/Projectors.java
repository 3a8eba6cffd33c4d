package io.parley.query.projection;

import org.axonframework.config.ProcessingGroup;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

import java.util.List;

/** The projector classes of a processing group, found on the class path as Spring finds them. */
public final class Projectors {

    private Projectors() {
    }

    public static List<Class<?>> of(String processingGroup) {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(ProcessingGroup.class));
        return scanner.findCandidateComponents("io.parley.query").stream()
                .map(BeanDefinition::getBeanClassName)
                .<Class<?>>map(name -> ClassUtils.resolveClassName(name, Projectors.class.getClassLoader()))
                .filter(type -> type.getAnnotation(ProcessingGroup.class).value().equals(processingGroup))
                .toList();
    }
}
